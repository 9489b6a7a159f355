package dev.distributor.common.telemetry;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Switches the OpenTelemetry SDK off unless an OTLP endpoint is configured ({@code DISTRIBUTOR_OTEL_ENDPOINT}, or
 * Quarkus' own {@code quarkus.otel.exporter.otlp[.traces].endpoint}). Quarkus falls back to {@code localhost:4317}
 * when no endpoint is set and would then export to nothing and log the failures; with the SDK off the instrumentation
 * is disabled outright, so tracing costs nothing where nobody collects it (docs/TRACES-AND-LOGS.md).
 *
 * <p>
 * The derived value sits below {@code application.properties} (250), environment variables (300) and test profiles,
 * so an explicit {@code quarkus.otel.sdk.disabled} always wins. It is always set, false included: the build runs this
 * too (without an endpoint) and Quarkus records the build's value as the packaged jar's default, which only a value
 * from a source like this one outranks at run time.
 */
public class TracingSwitch implements ConfigSourceFactory {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean exporting = present(value(context, "quarkus.otel.exporter.otlp.traces.endpoint"))
                || present(value(context, "quarkus.otel.exporter.otlp.endpoint"));
        return List.of(new PropertiesConfigSource(derive(exporting), "tracing-switch", ORDINAL));
    }

    /** The settings when an endpoint is (or is not) configured. Pure, for tests. */
    static Map<String, String> derive(boolean exporting) {
        return Map.of(SDK_DISABLED, String.valueOf(!exporting));
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
