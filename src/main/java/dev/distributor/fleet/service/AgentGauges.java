package dev.distributor.fleet.service;

import java.time.Duration;
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
import dev.distributor.common.time.ServiceClock;
import dev.distributor.common.work.PeriodicJob;
import dev.distributor.common.work.StartupGate;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.AgentConfig;
import dev.distributor.fleet.repository.TargetRepository;
import dev.distributor.fleet.repository.TargetRepository.AgentCounts;

/**
 * {@code distributor_agents_online} and {@code distributor_agents_offline} (docs/OBSERVABILITY.md): registered agent
 * targets whose last sign of life is within {@link AgentConfig#onlineCutoff()} of the database's clock, and the rest.
 * Counted by one query every {@code distributor.metrics.refresh} and cached, so a scrape costs no query; every replica
 * reports the same fleet-wide numbers (aggregate them with {@code max}, not {@code sum}). NaN until the first count.
 */
@ApplicationScoped
public class AgentGauges {

    private final UnitOfWork unitOfWork;
    private final PeriodicJob refreshes;
    private final TargetRepository targets;
    private final ServiceClock clock;
    private final AgentConfig config;
    private final AtomicReference<AgentCounts> counts = new AtomicReference<>();

    public AgentGauges(UnitOfWork unitOfWork, TargetRepository targets, ServiceClock clock, AgentConfig config,
            MeterRegistry registry, MetricsConfig metrics, Vertx vertx) {
        this.refreshes = new PeriodicJob(vertx, "Counting agents for the metrics", metrics.refresh(),
                Duration.ofMillis(1), this::refresh);
        this.unitOfWork = unitOfWork;
        this.targets = targets;
        this.clock = clock;
        this.config = config;
        Gauge.builder("distributor.agents.online", counts, c -> c.get() == null ? Double.NaN : c.get().online())
                .description("Registered agent targets seen within the online cutoff (fleet-wide, from the database)")
                .register(registry);
        Gauge.builder("distributor.agents.offline", counts, c -> c.get() == null ? Double.NaN : c.get().offline())
                .description(
                        "Registered agent targets not seen within the online cutoff (fleet-wide, from the database)")
                .register(registry);
    }

    void start(@Observes StartupEvent start, StartupGate gate) {
        // The first count right away, not a period later.
        gate.whenOpen(refreshes::startNow);
    }

    void stop(@Observes ShutdownEvent stop) {
        refreshes.stop();
    }

    /** Counts now and keeps the answer for the gauges; returns it. */
    public Uni<AgentCounts> refresh() {
        return unitOfWork.read(session -> clock.now(session)
                .chain(now -> targets.countAgents(session, now.minus(config.onlineCutoff()))))
                .invoke(counts::set);
    }
}
