package dev.distributor.ssm.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.distributor.ssm.SsmConfig;
import dev.distributor.ssm.command.SsmCommandScripts;

/**
 * With {@code distributor.ssm.enabled=false} the sender and the poller do nothing at all: no timer, no database
 * statement, no SSM call (their collaborators here are null, so any use would throw).
 */
class SsmDriverDisabledTest {

    private final SsmConfig disabled = (SsmConfig) Proxy.newProxyInstance(SsmConfig.class.getClassLoader(),
            new Class<?>[]{SsmConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                case "enabled" -> false;
                case "pollInterval", "sendLease" -> Duration.ofSeconds(1);
                case "sendConcurrency" -> 8;
                default -> null;
            });

    @Test
    void theSenderNeitherStartsNorClaimsAnything() {
        SsmSender sender = new SsmSender(disabled, null, null, null, new SsmCommandScripts(null, null), null);

        sender.start(null, null);
        sender.kick();

        assertThat(sender.sendDue().await().atMost(Duration.ofSeconds(1))).isZero();
    }

    @Test
    void thePollerNeitherStartsNorReadsAnything() {
        SsmPoller poller = new SsmPoller(disabled, null, null, null, null, null, null, null);

        poller.start(null, null);

        assertThat(poller.poll().await().atMost(Duration.ofSeconds(1))).isZero();
    }
}
