package dev.distributor.rollout.schedule;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.time.ServiceClock;
import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.ScheduleKind;
import dev.distributor.rollout.repository.DeploymentRepository;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/**
 * Pausing and resuming a deployment's schedule (docs/ROLLOUTS.md, "Schedules and triggers"). A paused schedule starts
 * no run (CRON, ON_DEFAULT_VERSION_CHANGE, ON_NEW_TARGET); runs already started go on, and are controlled with the
 * rollout controls. A ONCE deployment has no schedule: its run is started by hand, so pausing it is refused.
 *
 * <p>
 * Resuming restarts the schedule from now, as State Manager does for an association it re-enables: firings that passed
 * while it was paused do not run (a CRON schedule's next run is its next firing after now; an ON_DEFAULT_VERSION_CHANGE
 * one handles the default-version changes made from now on). What a paused schedule missed is history, not a debt.
 */
@ApplicationScoped
public class ScheduleService {

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final ServiceClock clock;
    private final DeploymentRepository deployments;

    public ScheduleService(AccessControl access, UnitOfWork unitOfWork, ServiceClock clock,
            DeploymentRepository deployments) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.clock = clock;
        this.deployments = deployments;
    }

    /**
     * Stops the schedule starting runs; the reason names who paused it. A WAIT firing waiting for an unfinished run is
     * dropped with it.
     *
     * @throws DistributorException DEPLOYMENT_NOT_FOUND; INVALID_STATE for a ONCE deployment or a paused schedule
     */
    public Uni<DeploymentEntity> pause(UUID deploymentId) {
        return change(deploymentId, "schedule.pause", (session, deployment, actor, now) -> {
            requireScheduled(deployment, "pause");
            if (deployment.schedulePaused) {
                throw refused(deployment, "Its schedule is already paused (" + deployment.schedulePausedReason
                        + ").");
            }
            deployment.schedulePaused = true;
            deployment.schedulePausedReason = "paused by " + actor.displayName();
            deployment.runWaitingSince = null;
            return Uni.createFrom().item(deployment);
        });
    }

    /**
     * Lets the schedule start runs again, from now: a CRON schedule's next run is its first firing after now (firings
     * that passed while paused do not run); an ON_DEFAULT_VERSION_CHANGE one handles changes made from now on. Clears
     * the pause reason.
     *
     * @throws DistributorException DEPLOYMENT_NOT_FOUND; INVALID_STATE for a ONCE deployment or a schedule not paused
     */
    public Uni<DeploymentEntity> resume(UUID deploymentId) {
        return change(deploymentId, "schedule.resume", (session, deployment, actor, now) -> {
            requireScheduled(deployment, "resume");
            if (!deployment.schedulePaused) {
                throw refused(deployment, "Its schedule is not paused.");
            }
            deployment.schedulePaused = false;
            deployment.schedulePausedReason = null;
            deployment.runWaitingSince = null;
            if (deployment.scheduleKind == ScheduleKind.CRON) {
                CronSchedule cron = CronSchedule.parse("schedule", deployment.cronExpression, deployment.timeZone);
                deployment.nextRunAt = cron.nextAfter(now).orElse(null);
            }
            if (deployment.scheduleKind == ScheduleKind.ON_DEFAULT_VERSION_CHANGE) {
                return deployments.defaultVersionSeq(session, deployment.packageName)
                        .invoke(seq -> deployment.defaultVersionSeen = seq)
                        .replaceWith(deployment);
            }
            return Uni.createFrom().item(deployment);
        });
    }

    private static void requireScheduled(DeploymentEntity deployment, String verb) {
        if (deployment.scheduleKind == ScheduleKind.ONCE) {
            throw refused(deployment, "A ONCE deployment has no schedule to " + verb + "; its run is controlled "
                    + "with startRollout, pauseRollout and resumeRollout.");
        }
    }

    private static DistributorException refused(DeploymentEntity deployment, String why) {
        return new DistributorException(ErrorCode.INVALID_STATE, "Deployment " + deployment.id + ": " + why,
                Map.of("state", deployment.schedulePaused ? "PAUSED" : "ACTIVE", "schedule",
                        deployment.scheduleKind.name()));
    }

    /** What a schedule change does to the locked deployment, at the service clock's now. */
    @FunctionalInterface
    private interface Change {
        Uni<DeploymentEntity> apply(Mutiny.Session session, DeploymentEntity deployment, Actor actor,
                OffsetDateTime now);
    }

    /** DEPLOY permission, the deployment's row lock, the change, and its audit row, in one transaction. */
    private Uni<DeploymentEntity> change(UUID deploymentId, String action, Change work) {
        Map<String, Object> details = new LinkedHashMap<>();
        return access.require(Permission.DEPLOY, action)
                .chain(caller -> unitOfWork.change(caller, action, "deployment/" + deploymentId,
                        (session, actor) -> clock.now(session)
                                .chain(now -> deployments.lock(session, deploymentId)
                                        .onItem().ifNull().failWith(() -> new DistributorException(
                                                ErrorCode.DEPLOYMENT_NOT_FOUND,
                                                "No deployment has id " + deploymentId + "."))
                                        .chain(deployment -> {
                                            details.put("schedule", deployment.scheduleKind.name());
                                            return work.apply(session, deployment, actor, now);
                                        })),
                        deployment -> {
                            details.put("paused", deployment.schedulePaused);
                            if (deployment.nextRunAt != null) {
                                details.put("nextRunAt", deployment.nextRunAt.toString());
                            }
                            return details;
                        }));
    }
}
