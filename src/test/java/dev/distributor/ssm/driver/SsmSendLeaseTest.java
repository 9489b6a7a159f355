package dev.distributor.ssm.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.distributor.ssm.SsmConfig;

/**
 * The send lease outlasts one SendCommand with all its throttling retries (else a second sender claims a command still
 * in flight and sends it twice), and the look-ups' InvokedAfter is in whole seconds. Pure.
 */
class SsmSendLeaseTest {

    @Test
    void theDefaultsLeaveTheLeaseLongerThanASendWithEveryRetry() {
        // application.properties: 5 min lease; 8 attempts x 20 s backoff + 30 s call timeout = 190 s.
        config(Duration.ofMinutes(5), 8, Duration.ofSeconds(20), Duration.ofSeconds(30)).checkSendLease();
    }

    @Test
    void aLeaseASendCanOutlastRefusesToStartNamingTheSettings() {
        SsmConfig tooShort = config(Duration.ofSeconds(60), 8, Duration.ofSeconds(20), Duration.ofSeconds(30));

        assertThatThrownBy(tooShort::checkSendLease).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("distributor.ssm.send-lease (PT1M)")
                .hasMessageContaining("distributor.ssm.retry.attempts (8)")
                .hasMessageContaining("distributor.ssm.retry.max-backoff (PT20S)")
                .hasMessageContaining("distributor.ssm.send-call-timeout (PT30S)");
    }

    @Test
    void aLeaseEqualToTheBudgetIsRefused() {
        SsmConfig exact = config(Duration.ofSeconds(190), 8, Duration.ofSeconds(20), Duration.ofSeconds(30));

        assertThatThrownBy(exact::checkSendLease).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invokedAfterIsTruncatedToWholeSeconds() {
        assertThat(SsmSender.invokedAfter(Instant.parse("2026-12-01T17:05:09.987654Z")))
                .isEqualTo("2026-12-01T17:05:09Z");
    }

    private static SsmConfig config(Duration lease, int attempts, Duration maxBackoff, Duration callTimeout) {
        SsmConfig.Retry retry = (SsmConfig.Retry) Proxy.newProxyInstance(SsmConfig.class.getClassLoader(),
                new Class<?>[]{SsmConfig.Retry.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "attempts" -> attempts;
                    case "maxBackoff" -> maxBackoff;
                    default -> null;
                });
        return (SsmConfig) Proxy.newProxyInstance(SsmConfig.class.getClassLoader(), new Class<?>[]{SsmConfig.class},
                (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    return switch (method.getName()) {
                        case "sendLease" -> lease;
                        case "sendCallTimeout" -> callTimeout;
                        case "retry" -> retry;
                        default -> null;
                    };
                });
    }
}
