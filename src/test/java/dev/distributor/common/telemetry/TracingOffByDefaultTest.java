package dev.distributor.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The service as every other test runs it, without DISTRIBUTOR_OTEL_DISABLED=false. With the SDK disabled Quarkus switches off
 * each instrumenter (HTTP, SQL client, GraphQL, {@code @WithSpan}: {@code setEnabled(!sdkDisabled)}), so nothing is
 * traced; the SDK object itself still exists, which is why this reads the switch rather than probing a tracer.
 */
@QuarkusTest
class TracingOffByDefaultTest {

    @Test
    void unlessSwitchedOn_theOpenTelemetrySdkIsDisabled() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.otel.sdk.disabled", Boolean.class)).isTrue();
    }
}
