package dev.distributor.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.quarkus.test.junit.QuarkusTest;

/** The service as every other test runs it: no OTLP endpoint configured. */
@QuarkusTest
class TracingOffByDefaultTest {

    @Inject
    OpenTelemetry openTelemetry;

    @Test
    void withoutAnEndpoint_noSpanIsEverMade() {
        Span span = openTelemetry.getTracer("probe").spanBuilder("probe").startSpan();
        try {
            assertThat(span.getSpanContext().isValid()).as("a no-op span").isFalse();
            assertThat(span.isRecording()).isFalse();
        } finally {
            span.end();
        }
    }
}
