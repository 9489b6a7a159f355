package dev.distributor.rollout.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import dev.distributor.common.metrics.MetricsConfig;
import dev.distributor.common.work.PeriodicJob;
import dev.distributor.common.work.StartupGate;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.rollout.domain.RolloutState;
import dev.distributor.rollout.repository.RolloutRepository;

/**
 * {@code distributor_rollouts{state}} (docs/OBSERVABILITY.md): how many runs are in each state, one series per
 * {@link RolloutState}. Read from the database (one grouped count every {@code distributor.metrics.refresh}, cached for
 * the scrapes) rather than counted from this replica's transitions: any replica may drive a run, so only the database
 * knows them all, and every replica reports the same fleet-wide numbers (aggregate them with {@code max}). NaN until the
 * first count.
 */
@ApplicationScoped
public class RolloutStateGauges {

    private final UnitOfWork unitOfWork;
    private final PeriodicJob refreshes;
    private final RolloutRepository rollouts;
    private final AtomicReference<Map<RolloutState, Long>> counts = new AtomicReference<>();

    public RolloutStateGauges(UnitOfWork unitOfWork, RolloutRepository rollouts, MeterRegistry registry,
            MetricsConfig metrics, Vertx vertx) {
        this.refreshes = new PeriodicJob(vertx, "Counting rollouts for the metrics", metrics.refresh(),
                Duration.ofMillis(1), this::refresh);
        this.unitOfWork = unitOfWork;
        this.rollouts = rollouts;
        for (RolloutState state : RolloutState.values()) {
            Gauge.builder("distributor.rollouts", counts,
                    c -> c.get() == null ? Double.NaN : c.get().getOrDefault(state, 0L))
                    .description("Rollout runs in each state (fleet-wide, from the database)")
                    .tag("state", state.name())
                    .register(registry);
        }
    }

    void start(@Observes StartupEvent start, StartupGate gate) {
        // The first count right away, not a period later.
        gate.whenOpen(refreshes::startNow);
    }

    void stop(@Observes ShutdownEvent stop) {
        refreshes.stop();
    }

    /** Counts now and keeps the answer for the gauges; returns it. */
    public Uni<Map<RolloutState, Long>> refresh() {
        return unitOfWork.read(session -> rollouts.countByState(session)).invoke(counts::set);
    }
}
