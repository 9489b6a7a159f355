package dev.distributor.rollout.engine;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.fleet.TargetDriver;
import dev.distributor.rollout.RolloutConfig;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.RolloutEntity;

/**
 * Drives rollouts (DESIGN.md §6). Each tick lists rollouts with work, then takes them one at a time, each in its own
 * transaction that holds the rollout's row with {@code FOR UPDATE SKIP LOCKED}, so replicas share the work and never
 * both drive one rollout. Commands recorded in a transaction are sent only after it committed; a crash in between
 * leaves them issued but unknown to their driver, and the next tick sends them again.
 */
@ApplicationScoped
public class RolloutEngine {

    private static final Logger LOG = Logger.getLogger(RolloutEngine.class);

    private final UnitOfWork unitOfWork;
    private final Drivers drivers;
    private final Withdrawals withdrawals;
    private final RolloutConfig config;

    public RolloutEngine(UnitOfWork unitOfWork, Drivers drivers, Withdrawals withdrawals,
            RolloutConfig config) {
        this.unitOfWork = unitOfWork;
        this.drivers = drivers;
        this.withdrawals = withdrawals;
        this.config = config;
    }

    @Scheduled(every = "${distributor.rollout.tick:1s}", delayed = "${distributor.rollout.tick:1s}", identity = "rollout-engine", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledTick() {
        return tick()
                .onFailure().invoke(e -> LOG.warn("Rollout engine tick failed; the next tick retries", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Drives up to {@code rolloutsPerTick} rollouts with work, least recently driven first (each pass stamps
     * {@code updated_at}), so every one gets its turn; returns how many it drove.
     */
    public Uni<Integer> tick() {
        return unitOfWork.background(session -> session.createNativeQuery("""
                select r.id from rollout r
                where r.state = 'RUNNING'
                   or (r.state <> 'PLANNED' and exists (select 1 from invocation i where i.rollout_id = r.id
                                                          and i.status in ('QUEUED', 'IN_PROGRESS')))
                order by r.updated_at
                limit :limit
                """, UUID.class)
                .setParameter("limit", config.rolloutsPerTick())
                .getResultList())
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
        return unitOfWork.background(session -> session.createNativeQuery(
                "select * from rollout where id = :id for update skip locked", RolloutEntity.class)
                .setParameter("id", rolloutId)
                .getResultList()
                .chain(locked -> locked.isEmpty()
                        ? Uni.createFrom().item((Map<String, List<IssuedCommand>>) null)
                        : session.find(DeploymentEntity.class, locked.get(0).deploymentId)
                                .chain(deployment -> session.createNativeQuery("select now()",
                                        OffsetDateTime.class).getSingleResult()
                                        .chain(now -> new RolloutTick(session, locked.get(0), deployment, drivers,
                                                withdrawals, config.reportGrace().toSeconds(), now).run()))))
                .invoke(toSend -> LOG.debugf("Drove rollout %s in %d ms, %d command(s) recorded", rolloutId,
                        (System.nanoTime() - started) / 1_000_000,
                        toSend == null ? 0 : toSend.values().stream().mapToInt(List::size).sum()))
                .chain(toSend -> toSend == null
                        ? Uni.createFrom().item(false)
                        : send(toSend).replaceWith(true));
    }

    /** After commit: a failed send is logged; the next tick finds the commands unknown to the driver and sends again. */
    private Uni<Void> send(Map<String, List<IssuedCommand>> toSend) {
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
