package dev.distributor.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * An in-memory span exporter, picked up by Quarkus as a CDI {@code SpanExporter}. It only receives spans where a test
 * profile turns the SDK on ({@code TracesAndLogsTest}); everywhere else the SDK is off (DISTRIBUTOR_OTEL_DISABLED defaults to true) and it stays
 * empty.
 */
@ApplicationScoped
public class CapturedSpans {

    @Produces
    @Singleton
    InMemorySpanExporter inMemorySpanExporter() {
        return InMemorySpanExporter.create();
    }
}
