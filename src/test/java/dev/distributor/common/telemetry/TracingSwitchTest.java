package dev.distributor.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class TracingSwitchTest {

    @Test
    void withoutAnEndpoint_theSdkIsOff() {
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "${NO_SUCH_VARIABLE_HERE:}")))
                .isTrue();
        assertThat(sdkDisabled(Map.of())).isTrue();
    }

    @Test
    void anEndpoint_forTracesOrForAllSignals_turnsTheSdkOn() {
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4317")))
                .isFalse();
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4318"))).isFalse();
    }

    @Test
    void anExplicitSetting_winsOverTheDerivedOne() {
        assertThat(sdkDisabled(Map.of("quarkus.otel.sdk.disabled", "false"))).isFalse();
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4317",
                "quarkus.otel.sdk.disabled", "true"))).isTrue();
    }

    /** What the service would read, with {@code properties} at the ordinal of application.properties. */
    private static boolean sdkDisabled(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors() // expressions such as ${DISTRIBUTOR_OTEL_ENDPOINT:}, as Quarkus reads them
                .withSources(new PropertiesConfigSource(new HashMap<>(properties), "application.properties", 250))
                .withSources(new TracingSwitch())
                .build();
        return config.getValue(TracingSwitch.SDK_DISABLED, Boolean.class);
    }
}
