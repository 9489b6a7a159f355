package dev.distributor.rollout.engine;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.distributor.common.work.UnitOfWork;
import dev.distributor.rollout.domain.InvocationEntity;
import dev.distributor.rollout.domain.RolloutEvent;
import dev.distributor.rollout.repository.RolloutRepository;

/**
 * What the engine did, as counted by this replica (docs/OBSERVABILITY.md): invocations it ended
 * ({@code distributor_invocations_finished_total{status,step,driver}}), how long each took from dispatch to its final
 * report ({@code distributor_invocation_report_seconds{status,driver}}), waves completed
 * ({@code distributor_wave_duration_seconds}) and thresholds tripped
 * ({@code distributor_rollout_thresholds_tripped_total{action,cause}}). A pass collects them in a {@link Pass} and
 * records them only once its transaction committed, so a pass that rolls back (and runs again) counts once. Replicas
 * share the rollouts, so the fleet's numbers are the sum over replicas.
 */
@ApplicationScoped
public class RolloutMetrics {

    /**
     * Steps agents and drivers report (docs/AGENT-PROTOCOL.md); any other value (a step is the host's free text) is
     * counted as {@code other}, so the tag keeps a bounded set of values. {@code ssm:<detail>} becomes {@code ssm}.
     */
    static final Set<String> STEPS = Set.of("download", "verify", "unzip", "preinstall", "install", "postinstall",
            "uninstall", "validate", "reboot", "rollback", "update", "busy", "agent-restarted", "agent-verify",
            "not-acknowledged", "no-report", "no-report-after-reboot");

    private static final Duration[] REPORT_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1)};

    private static final Duration[] WAVE_BUCKETS = {Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(24)};

    private static final Logger LOG = Logger.getLogger(RolloutMetrics.class);

    private final MeterRegistry registry;
    private final UnitOfWork unitOfWork;
    private final RolloutRepository rollouts;

    public RolloutMetrics(MeterRegistry registry, UnitOfWork unitOfWork, RolloutRepository rollouts) {
        this.registry = registry;
        this.unitOfWork = unitOfWork;
        this.rollouts = rollouts;
    }

    /** A new collector for one pass of the engine. */
    Pass pass() {
        return new Pass();
    }

    /** The {@code step} tag for a reported step: one of {@link #STEPS}, {@code ssm}, {@code none} or {@code other}. */
    static String stepTag(String step) {
        if (step == null || step.isEmpty()) {
            return "none";
        }
        String lower = step.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ssm:")) {
            return "ssm";
        }
        return STEPS.contains(lower) ? lower : "other";
    }

    /** What one pass observed; {@link #committed} records it. Used by one pass at a time, on its context. */
    final class Pass {
        private final List<InvocationEntity> finished = new ArrayList<>();
        private final List<Trip> trips = new ArrayList<>();
        private final List<Wave> waves = new ArrayList<>();

        private record Trip(RolloutEvent event, String cause) {
        }

        private record Wave(UUID rolloutId, int wave, OffsetDateTime completedAt) {
        }

        /** The invocation ended (its status, step and times are read at commit, when the pass set them all). */
        void finished(InvocationEntity invocation) {
            finished.add(invocation);
        }

        void tripped(RolloutEvent event, Enum<?> cause) {
            trips.add(new Trip(event, cause == null ? "none" : cause.name()));
        }

        void waveCompleted(UUID rolloutId, int wave, OffsetDateTime at) {
            waves.add(new Wave(rolloutId, wave, at));
        }

        /** Records what the pass observed; call once its transaction committed. */
        void committed() {
            finished.forEach(this::recordFinished);
            trips.forEach(trip -> Counter.builder("distributor.rollout.thresholds.tripped")
                    .description("Runs that went over their error budget or missed a wave's success percent")
                    .tag("action", action(trip.event()))
                    .tag("cause", trip.cause())
                    .register(registry)
                    .increment());
            // The wave's start is in the run's events; read after commit, off the engine's transaction.
            waves.forEach(wave -> unitOfWork.read(session -> rollouts.waveStartedAt(session, wave.rolloutId(),
                    wave.wave()))
                    .subscribe().with(started -> {
                        if (started != null) {
                            waveTimer().record(elapsed(started, wave.completedAt()));
                        }
                    }, failure -> LOG.debugf("Timing wave %d of %s failed: %s", wave.wave(), wave.rolloutId(),
                            failure)));
        }

        private void recordFinished(InvocationEntity invocation) {
            String status = invocation.status.name();
            String driver = invocation.driver.name();
            Counter.builder("distributor.invocations.finished")
                    .description("Invocations the engine ended (final reports, timeouts, cancels), by status and step")
                    .tag("status", status)
                    .tag("step", stepTag(invocation.step))
                    .tag("driver", driver)
                    .register(registry)
                    .increment();
            if (invocation.queuedAt != null && invocation.finishedAt != null) {
                Timer.builder("distributor.invocation.report")
                        .description("From dispatch (queued) to the final status the engine applied")
                        .tag("status", status)
                        .tag("driver", driver)
                        .serviceLevelObjectives(REPORT_BUCKETS)
                        .register(registry)
                        .record(elapsed(invocation.queuedAt, invocation.finishedAt));
            }
        }

        /**
         * The time between two stamps, never negative: the stamps can come from two replicas whose clocks differ a
         * little, and Micrometer refuses (and logs) a negative measurement.
         */
        private static Duration elapsed(Temporal from, Temporal to) {
            Duration elapsed = Duration.between(from, to);
            return elapsed.isNegative() ? Duration.ZERO : elapsed;
        }

        private Timer waveTimer() {
            return Timer.builder("distributor.wave.duration")
                    .description(
                            "From a wave's start (WAVE_STARTED) to its completion (WAVE_COMPLETED, or the run's success)")
                    .serviceLevelObjectives(WAVE_BUCKETS)
                    .register(registry);
        }

        private static String action(RolloutEvent event) {
            return switch (event) {
                case THRESHOLD_TRIPPED_PAUSE -> "pause";
                case THRESHOLD_TRIPPED_ROLLBACK -> "rollback";
                default -> "stop";
            };
        }
    }
}
