package dev.distributor.rollout.trigger;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.Journal;
import dev.distributor.rollout.repository.DeploymentRepository;
import dev.distributor.rollout.repository.RolloutRepository;

/**
 * What both triggers do alike: work each deployment in its own transaction, journal on a run they do not drive, and
 * pause a trigger whose run cannot start, rather than fail again on every tick.
 */
@ApplicationScoped
class TriggerSteps {

    private static final Logger LOG = Logger.getLogger(TriggerSteps.class);

    private final UnitOfWork unitOfWork;
    private final DeploymentRepository deployments;
    private final RolloutRepository rollouts;

    TriggerSteps(UnitOfWork unitOfWork, DeploymentRepository deployments, RolloutRepository rollouts) {
        this.unitOfWork = unitOfWork;
        this.deployments = deployments;
        this.rollouts = rollouts;
    }

    /**
     * Lists deployment ids in one transaction, then works each in its own with {@code work} (true: it started a
     * run); answers how many runs started. A deployment that fails is logged and tried again next tick; one whose
     * run cannot start as asked (a {@link DistributorException}: the default version is not published any more, the
     * package is gone) has its schedule paused with the reason, so it is not tried 4 times a second.
     */
    Uni<Integer> eachDeployment(String trigger, Function<Mutiny.Session, Uni<List<UUID>>> due,
            Function<Mutiny.Session, Function<UUID, Uni<Boolean>>> work) {
        return unitOfWork.background(due)
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> unitOfWork
                                .background(session -> work.apply(session).apply(id))
                                .onFailure(DistributorException.class)
                                .recoverWithUni(e -> pauseAfterRefusal(trigger, id, e.getMessage())
                                        .replaceWith(false))
                                .onFailure().invoke(e -> LOG.warnf(e, "%s trigger of deployment %s failed; retrying "
                                        + "next tick", trigger, id))
                                .onFailure().recoverWithItem(false))
                        .filter(Boolean::booleanValue)
                        .collect().asList()
                        .map(List::size));
    }

    private Uni<Void> pauseAfterRefusal(String trigger, UUID deploymentId, String message) {
        LOG.warnf("%s trigger of deployment %s could not start a run, pausing its schedule: %s", trigger,
                deploymentId, message);
        return unitOfWork.background(session -> deployments.lockUnlessHeld(session, deploymentId)
                .invoke(deployment -> {
                    if (deployment != null && !deployment.schedulePaused) {
                        pause(deployment, "a run could not start: " + message);
                    }
                }))
                .replaceWithVoid();
    }

    /** Pauses the deployment's schedule (runs already started go on); {@code resumeSchedule} resumes it. */
    static void pause(DeploymentEntity deployment, String reason) {
        deployment.schedulePaused = true;
        deployment.schedulePausedReason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    /**
     * Journals one event on a run the caller does not drive (a finished one, or one the engine drives): locks it,
     * waiting for a tick that holds it, so its event numbers stay gap-free.
     */
    Uni<Void> journal(Mutiny.Session session, UUID rolloutId, OffsetDateTime now, String type,
            Map<String, Object> details) {
        return rollouts.lock(session, rolloutId).chain(rollout -> {
            Journal journal = new Journal(rollout, now);
            journal.rollout(type, details);
            return journal.write(session);
        });
    }
}
