package dev.distributor.rollout.schedule;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.db.PoolPressure;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.Journal;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.repository.DeploymentRepository;
import dev.distributor.rollout.repository.RolloutRepository;

/**
 * What every run source (the cron schedule and both triggers) does alike: work each due deployment in its own
 * transaction, journal on a run it does not drive, and pause a schedule whose run the catalog refuses, rather than be
 * refused again on every tick.
 */
@ApplicationScoped
public class DueRunSteps {

    private static final Logger LOG = Logger.getLogger(DueRunSteps.class);

    private final UnitOfWork unitOfWork;
    private final DeploymentRepository deployments;
    private final RolloutRepository rollouts;

    DueRunSteps(UnitOfWork unitOfWork, DeploymentRepository deployments, RolloutRepository rollouts) {
        this.unitOfWork = unitOfWork;
        this.deployments = deployments;
        this.rollouts = rollouts;
    }

    /**
     * Lists deployment ids in one transaction ({@code due}), then works each in its own ({@code work}; true: it
     * started a run); answers how many runs started. A deployment whose run the catalog refuses for good
     * ({@link #refusedForGood}: the version is not published any more, the package has no default) has its schedule
     * paused with {@code pauseReason}'s words, so it is not refused 4 times a second; any other failure (a busy or
     * failing database) is logged and tried again next tick.
     *
     * @param source the run source's name, for the log
     */
    public Uni<Integer> eachDeployment(String source, Function<Mutiny.Session, Uni<List<UUID>>> due,
            Function<Mutiny.Session, Function<UUID, Uni<Boolean>>> work,
            BiFunction<DeploymentEntity, DistributorException, String> pauseReason) {
        return unitOfWork.background(due)
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> unitOfWork
                                .background(session -> work.apply(session).apply(id))
                                .onFailure(e -> e instanceof DistributorException refused && refusedForGood(refused))
                                .recoverWithUni(e -> pauseAfterRefusal(source, id, (DistributorException) e,
                                        pauseReason)
                                        .replaceWith(false))
                                .onFailure().invoke(e -> LOG.warnf(e, "%s: deployment %s failed; retrying next tick",
                                        source, id))
                                .onFailure().recoverWithItem(false))
                        .filter(Boolean::booleanValue)
                        .collect().asList()
                        .map(List::size));
    }

    /** A refusal the next attempt would meet too (the catalog, the selector), not a busy or failing service. */
    static boolean refusedForGood(DistributorException refused) {
        return refused.code() != ErrorCode.SERVICE_BUSY && refused.code() != ErrorCode.INTERNAL
                && !PoolPressure.isExhaustion(refused);
    }

    private Uni<Void> pauseAfterRefusal(String source, UUID deploymentId, DistributorException refused,
            BiFunction<DeploymentEntity, DistributorException, String> pauseReason) {
        return unitOfWork.background(session -> deployments.lockUnlessHeld(session, deploymentId)
                .invoke(deployment -> {
                    if (deployment != null && !deployment.schedulePaused) {
                        LOG.warnf("%s: deployment %s could not start a run, pausing its schedule: %s %s", source,
                                deploymentId, refused.code(), refused.getMessage());
                        pause(deployment, pauseReason.apply(deployment, refused));
                    }
                }))
                .replaceWithVoid();
    }

    /** Pauses the deployment's schedule (runs already started go on; a waiting firing is dropped). */
    public static void pause(DeploymentEntity deployment, String reason) {
        deployment.schedulePaused = true;
        deployment.runWaitingSince = null;
        deployment.schedulePausedReason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    /**
     * Journals one event on a run the caller does not drive (a finished one, or one the engine drives): locks it,
     * waiting for a tick that holds it, so its event numbers stay gap-free. Nothing when the run is gone.
     */
    public Uni<Void> journal(Mutiny.Session session, UUID rolloutId, OffsetDateTime now, String type,
            Map<String, Object> details) {
        return lockFresh(session, rolloutId).chain(rollout -> {
            if (rollout == null) {
                return Uni.createFrom().voidItem();
            }
            Journal journal = new Journal(rollout, now);
            journal.rollout(type, details);
            return journal.write(session);
        });
    }

    /**
     * The run, row-locked and read again under the lock; null when it is gone. When the session already holds the
     * run (loaded without a lock, as {@code unfinishedOf} or {@code latestRun} do), Hibernate answers the lock's query
     * with that instance as it was loaded and does not overwrite it with the row the lock waited for: its
     * {@code eventSeq} would miss the events another replica's engine pass journaled meanwhile, and the next event
     * would collide with theirs (duplicate key on rollout_event, the whole transaction lost, every tick). The refresh
     * reads the locked row, which no one else can change until this transaction ends.
     */
    public Uni<RolloutEntity> lockFresh(Mutiny.Session session, UUID rolloutId) {
        return rollouts.lock(session, rolloutId).chain(rollout -> rollout == null
                ? Uni.createFrom().<RolloutEntity>nullItem()
                : session.refresh(rollout).replaceWith(rollout));
    }
}
