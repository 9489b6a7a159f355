package dev.distributor.common.metrics;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * Times calls to an outside service (S3, SSM) as one timer {@code name} tagged {@code operation} (the API's operation
 * name, such as {@code PutObject}) and {@code outcome} ({@code success}, or what {@code outcomeOf} calls a failure),
 * in seconds (docs/OBSERVABILITY.md). Each attempt is timed on its own: a retried call records one sample per try.
 */
public final class CallTimer {

    /** Bucket bounds in seconds: calls to a cloud API take tens of milliseconds, a large upload seconds. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final Function<Throwable, String> outcomeOf;

    /**
     * @param outcomeOf names a failure's outcome from a small fixed set (never a message or an id: tags must stay
     *            few)
     */
    public CallTimer(MeterRegistry registry, String name, String description, Function<Throwable, String> outcomeOf) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.outcomeOf = outcomeOf;
    }

    /** The call, made when the Uni is subscribed (again at each retry), its duration recorded when it ends. */
    public <T> Uni<T> time(String operation, Supplier<? extends CompletionStage<T>> call) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return Uni.createFrom().completionStage(call)
                    .onItemOrFailure().invoke((item, failure) -> sample.stop(timer(operation,
                            failure == null ? "success" : outcomeOf.apply(failure))));
        });
    }

    /** Records one call that did not go through a Uni (a blocking call at start). */
    public void record(String operation, String outcome, Duration took) {
        timer(operation, outcome).record(took);
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder(name)
                .description(description)
                .tag("operation", operation)
                .tag("outcome", outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
