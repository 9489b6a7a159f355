package dev.distributor.rollout.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.time.ServiceClock;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.fleet.TargetDriver;
import dev.distributor.fleet.domain.DriverKind;
import dev.distributor.rollout.RolloutConfig;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.repository.DeploymentRepository;
import dev.distributor.rollout.repository.InvocationRepository;
import dev.distributor.rollout.repository.RolloutRepository;
import dev.distributor.rollout.rollback.RollbackRuns;

/**
 * Drives rollouts (DESIGN.md §6); {@link RolloutTicker} runs its ticks. Each tick lists rollouts with work, then takes them one at a time, each in its own
 * transaction that holds the rollout's row with {@code FOR UPDATE SKIP LOCKED}, so replicas share the work and never
 * both drive one rollout. Commands recorded in a transaction are sent only after it committed; a crash in between
 * leaves them issued but unknown to their driver, and the next tick sends them again. Time is the {@link ServiceClock}'s (the database's).
 */
@ApplicationScoped
public class RolloutEngine {

    private static final Logger LOG = Logger.getLogger(RolloutEngine.class);

    private final UnitOfWork unitOfWork;
    private final Drivers drivers;
    private final Withdrawals withdrawals;
    private final RolloutConfig config;
    private final ServiceClock clock;
    private final RolloutRepository rollouts;
    private final DeploymentRepository deployments;
    private final InvocationRepository invocations;
    private final List<RunSource> sources;
    /** When the run sources were last asked (System.nanoTime()); far in the past at start, so the first tick asks. */
    private long sourcesAskedNanos = System.nanoTime() - Duration.ofDays(1).toNanos();
    private final RollbackRuns rollbacks;
    private final RolloutMetrics metrics;

    public RolloutEngine(UnitOfWork unitOfWork, Drivers drivers, Withdrawals withdrawals, RolloutConfig config,
            ServiceClock clock, RolloutRepository rollouts, DeploymentRepository deployments,
            InvocationRepository invocations, @Any Instance<RunSource> sources, RollbackRuns rollbacks,
            RolloutMetrics metrics) {
        this.metrics = metrics;
        this.unitOfWork = unitOfWork;
        this.drivers = drivers;
        this.withdrawals = withdrawals;
        this.config = config;
        this.clock = clock;
        this.rollouts = rollouts;
        this.deployments = deployments;
        this.invocations = invocations;
        this.sources = sources.stream().toList();
        this.rollbacks = rollbacks;
    }

    /**
     * Starts the runs every {@link RunSource} finds due (at most once per {@code distributor.rollout.tick}), then drives
     * up to {@code rolloutsPerTick} rollouts with work, least recently driven first (each pass stamps
     * {@code updated_at}), so every one gets its turn; returns how many it drove.
     */
    public Uni<Integer> tick() {
        // Reports wake the engine many times a second under load; schedules and triggers need no more than the period,
        // and their queries would only delay the reports' rollouts. Ticks never overlap on a replica (RolloutTicker).
        long nowNanos = System.nanoTime();
        if (nowNanos - sourcesAskedNanos < config.tick().toNanos()) {
            return driveRollouts();
        }
        sourcesAskedNanos = nowNanos;
        return startDueRuns().chain(this::driveRollouts);
    }

    /** Asks each run source in turn; one that fails is logged and asked again next tick. */
    private Uni<Void> startDueRuns() {
        return Multi.createFrom().iterable(sources)
                .onItem().transformToUniAndConcatenate(source -> source.startDue()
                        .onFailure().invoke(e -> LOG.warnf(e, "%s failed to start due runs; retrying next tick",
                                source.getClass().getSimpleName()))
                        .onFailure().recoverWithItem(0))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Integer> driveRollouts() {
        return unitOfWork.background(session -> rollouts.withWork(session, config.rolloutsPerTick()))
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> drive(id)
                                .onFailure().invoke(e -> LOG.warnf(e, "Driving rollout %s failed; retrying next tick",
                                        id))
                                .onFailure().recoverWithItem(false))
                        .filter(Boolean::booleanValue)
                        .collect().asList()
                        .map(List::size));
    }

    /** One rollout in one transaction; false when another replica holds it. */
    public Uni<Boolean> drive(UUID rolloutId) {
        long started = System.nanoTime();
        RolloutMetrics.Pass observed = metrics.pass();
        return unitOfWork.background(session -> rollouts.lockUnlessHeld(session, rolloutId)
                .chain(rollout -> rollout == null
                        ? Uni.createFrom().item((Map<DriverKind, List<IssuedCommand>>) null)
                        : pass(session, rollout, observed)))
                // Committed: what the pass did counts now, and only now.
                .invoke(observed::committed)
                .invoke(toSend -> LOG.debugf("Drove rollout %s in %d ms, %d command(s) recorded", rolloutId,
                        (System.nanoTime() - started) / 1_000_000,
                        toSend == null ? 0 : toSend.values().stream().mapToInt(List::size).sum()))
                .chain(toSend -> toSend == null
                        ? Uni.createFrom().item(false)
                        : send(toSend).replaceWith(true));
    }

    /** Loads what the pass needs (the deployment, the clock's time), then runs it. */
    private Uni<Map<DriverKind, List<IssuedCommand>>> pass(Mutiny.Session session, RolloutEntity rollout,
            RolloutMetrics.Pass observed) {
        return deployments.find(session, rollout.deploymentId)
                .chain(deployment -> clock.now(session)
                        .chain(now -> new RolloutTick(session, rollout, deployment, drivers, withdrawals, invocations,
                                config.reportGrace().toSeconds(), config.rebootTimeout().toSeconds(), now, rollbacks,
                                deployments, observed).run()));
    }

    /** After commit: a failed send is logged; the next tick finds the commands unknown to the driver and sends again. */
    private Uni<Void> send(Map<DriverKind, List<IssuedCommand>> toSend) {
        return Multi.createFrom().iterable(toSend.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> drivers.forKind(entry.getKey())
                        .map((TargetDriver driver) -> driver.send(entry.getValue()))
                        .orElseGet(() -> Uni.createFrom().voidItem())
                        .onFailure().invoke(e -> LOG.warn("Sending commands failed; the next tick sends them again", e))
                        .onFailure().recoverWithNull())
                .collect().last()
                .replaceWithVoid();
    }
}
