package dev.distributor.rollout.schedule;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.time.ServiceClock;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.OverlapPolicy;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RunTrigger;
import dev.distributor.rollout.domain.ScheduleKind;
import dev.distributor.rollout.engine.RunSource;
import dev.distributor.rollout.repository.DeploymentRepository;
import dev.distributor.rollout.repository.RolloutRepository;
import dev.distributor.rollout.service.DeploymentService;
import dev.distributor.rollout.service.RunStarter;

/**
 * Starts the runs of CRON deployments (docs/ROLLOUTS.md, "Schedules and triggers"). A deployment is due when its
 * {@code next_run_at} has passed on the service clock; the row is durable, so firings that passed while the service was
 * down are found on the first tick after it is back, and they start ONE run (the run stands for the latest of them;
 * ROLLOUT_STARTED says how many more were missed), as a Kubernetes CronJob or State Manager would, not one run each.
 *
 * <p>
 * Runs of one deployment never overlap. While a run is unfinished, a due firing is skipped ({@link OverlapPolicy#SKIP}:
 * {@code SCHEDULED_RUN_SKIPPED} on the unfinished run, the schedule moves on) or waits ({@link OverlapPolicy#WAIT}:
 * {@code SCHEDULED_RUN_WAITING} once on the unfinished run, and the run starts on the first tick after it finished).
 *
 * <p>
 * A start refused with a {@link DistributorException} (the package has no default version, the version is no longer
 * published, the selector matches too many targets) would be refused at every firing until someone acts, so it pauses
 * the schedule at once with the refusal as its reason ({@code schedule.pausedReason}; {@code resumeSchedule} once
 * fixed) and a warning in the log; no run is made, so no run's journal says it. Any other failure (the database, a busy
 * pool, SERVICE_BUSY or INTERNAL) is logged and retried on the next tick, the firing still due.
 */
@ApplicationScoped
public class CronRuns implements RunSource {

    /** Deployments looked at per tick; more due ones wait for the next tick. */
    static final int DUE_PER_TICK = 100;
    /** Most missed firings counted for ROLLOUT_STARTED's {@code missed}, so a year-long outage costs no long walk. */
    static final int MISSED_COUNTED = 1000;

    private static final Logger LOG = Logger.getLogger(CronRuns.class);

    private final DueRunSteps steps;
    private final ServiceClock clock;
    private final DeploymentRepository deployments;
    private final DeploymentService deploymentService;
    private final RolloutRepository rollouts;
    private final RunStarter runs;

    public CronRuns(DueRunSteps steps, ServiceClock clock, DeploymentRepository deployments,
            DeploymentService deploymentService, RolloutRepository rollouts, RunStarter runs) {
        this.steps = steps;
        this.clock = clock;
        this.deployments = deployments;
        this.deploymentService = deploymentService;
        this.rollouts = rollouts;
        this.runs = runs;
    }

    @Override
    public Uni<Integer> startDue() {
        return steps.eachDeployment("CRON", session -> clock.now(session)
                .chain(now -> deployments.cronDue(session, now, DUE_PER_TICK)),
                session -> id -> clock.now(session)
                        .chain(now -> deployments.lockUnlessHeld(session, id)
                                .chain(deployment -> due(deployment, now)
                                        ? handle(session, deployment, now)
                                        : Uni.createFrom().item(false))),
                // The firing is not advanced: resume restarts from now.
                (deployment, refused) -> "the run due at " + deployment.nextRunAt + " was refused ("
                        + refused.code() + "): " + refused.getMessage());
    }

    /** Still due under the lock: another replica may have started the run, or someone paused the schedule, since. */
    private static boolean due(DeploymentEntity deployment, OffsetDateTime now) {
        return deployment != null && deployment.scheduleKind == ScheduleKind.CRON && !deployment.schedulePaused
                && deployment.nextRunAt != null && !deployment.nextRunAt.isAfter(now);
    }

    private Uni<Boolean> handle(Mutiny.Session session, DeploymentEntity deployment, OffsetDateTime now) {
        return rollouts.unfinishedOf(session, deployment.id)
                .chain(unfinished -> {
                    if (!unfinished.isEmpty() && deployment.overlapPolicy == OverlapPolicy.WAIT
                            && deployment.runWaitingSince != null) {
                        // Journaled when the wait began; the firing stays due until the unfinished run finished.
                        return Uni.createFrom().item(false);
                    }
                    CronSchedule cron = CronSchedule.parse("schedule", deployment.cronExpression,
                            deployment.timeZone);
                    Firing firing = Firing.of(cron, deployment.nextRunAt, now);
                    return unfinished.isEmpty()
                            ? start(session, deployment, cron, firing, now).replaceWith(true)
                            : overlap(session, deployment, cron, firing, unfinished.get(0), now).replaceWith(false);
                });
    }

    /**
     * The firing a run started now stands for: the latest firing at or before now, and how many firings after the
     * one the schedule was waiting for passed too (missed while the service was down, or while a WAIT run waited).
     */
    record Firing(OffsetDateTime scheduledFor, int missed) {

        static Firing of(CronSchedule cron, OffsetDateTime due, OffsetDateTime now) {
            return new Firing(cron.lastAtOrBefore(now).filter(last -> !last.isBefore(due)).orElse(due),
                    cron.firingsBetween(due, now, MISSED_COUNTED));
        }

        Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("scheduledFor", scheduledFor.toString());
            details.put("missed", missed);
            return details;
        }
    }

    private Uni<RolloutEntity> start(Mutiny.Session session, DeploymentEntity deployment, CronSchedule cron,
            Firing firing, OffsetDateTime now) {
        Map<String, Object> details = firing.details();
        if (deployment.runWaitingSince != null) {
            details.put("waitedSince", deployment.runWaitingSince.toString());
        }
        return runs.startNew(session, deployment, deploymentService.selector(deployment), RunTrigger.CRON, now,
                details)
                .invoke(rollout -> {
                    rollout.scheduledFor = firing.scheduledFor();
                    deployment.nextRunAt = cron.nextAfter(now).orElse(null);
                    deployment.runWaitingSince = null;
                    LOG.infof("Deployment %s: run %d started for the firing of %s (%d missed)", deployment.id,
                            rollout.runNumber, firing.scheduledFor(), firing.missed());
                });
    }

    /** An earlier run is unfinished: skip the firing (the schedule moves on) or wait for that run (it stays due). */
    private Uni<Void> overlap(Mutiny.Session session, DeploymentEntity deployment, CronSchedule cron, Firing firing,
            RolloutEntity unfinished, OffsetDateTime now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("trigger", RunTrigger.CRON.name());
        details.putAll(firing.details());
        details.put("reason", "run " + unfinished.runNumber + " is " + unfinished.state + "; runs of a deployment "
                + "never overlap (overlap " + deployment.overlapPolicy + ")");
        if (deployment.overlapPolicy == OverlapPolicy.SKIP) {
            deployment.nextRunAt = cron.nextAfter(now).orElse(null);
            details.put("nextRunAt", deployment.nextRunAt == null ? null : deployment.nextRunAt.toString());
            return steps.journal(session, unfinished.id, now, "SCHEDULED_RUN_SKIPPED", details);
        }
        deployment.runWaitingSince = now;
        return steps.journal(session, unfinished.id, now, "SCHEDULED_RUN_WAITING", details);
    }
}
