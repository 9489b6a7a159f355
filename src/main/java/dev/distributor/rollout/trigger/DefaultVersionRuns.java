package dev.distributor.rollout.trigger;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.time.ServiceClock;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.OverlapPolicy;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RunTrigger;
import dev.distributor.rollout.domain.ScheduleKind;
import dev.distributor.rollout.engine.RunSource;
import dev.distributor.rollout.repository.DeploymentRepository;
import dev.distributor.rollout.repository.RolloutRepository;
import dev.distributor.rollout.repository.TriggerRepository;
import dev.distributor.rollout.repository.TriggerRepository.DefaultVersion;
import dev.distributor.rollout.schedule.DueRunSteps;
import dev.distributor.rollout.service.DeploymentService;
import dev.distributor.rollout.service.RunStarter;

/**
 * ON_DEFAULT_VERSION_CHANGE: a run of the deployment each time its package's default version changes, installing the
 * new default. The durable row is the package's change counter ({@code package.default_version_seq}, bumped by a
 * database trigger whichever statement changes the default) against the count the deployment has handled
 * ({@code deployment.default_version_seen}), so a change committed just before a crash starts its run on the first
 * tick after the restart, and A -> B -> A is a change too. Several changes between two ticks start one run, with the
 * default at that moment.
 *
 * <p>
 * While an earlier run of the deployment is unfinished, the overlap policy decides: SKIP handles the change without a
 * run ({@code SCHEDULED_RUN_SKIPPED} on the unfinished run); WAIT keeps it due ({@code SCHEDULED_RUN_WAITING} once) and
 * starts the run, with the default at that moment, on the first tick after the unfinished run finished. While the
 * unfinished run is a rollback run, a change always waits (SKIP too): a default published during a rollback is most
 * likely its fix.
 */
@ApplicationScoped
public class DefaultVersionRuns implements RunSource {

    private final DueRunSteps steps;
    private final TriggerRepository triggers;
    private final DeploymentRepository deployments;
    private final RolloutRepository rollouts;
    private final DeploymentService deploymentService;
    private final RunStarter starter;
    private final ServiceClock clock;

    DefaultVersionRuns(DueRunSteps steps, TriggerRepository triggers, DeploymentRepository deployments,
            RolloutRepository rollouts, DeploymentService deploymentService, RunStarter starter, ServiceClock clock) {
        this.rollouts = rollouts;
        this.steps = steps;
        this.triggers = triggers;
        this.deployments = deployments;
        this.deploymentService = deploymentService;
        this.starter = starter;
        this.clock = clock;
    }

    @Override
    public Uni<Integer> startDue() {
        return steps.eachDeployment(RunTrigger.DEFAULT_VERSION_CHANGE.name(), triggers::defaultVersionChanged,
                session -> id -> startIfDue(session, id),
                (deployment, refused) -> "a run could not start: " + refused.getMessage());
    }

    /** Under the deployment's row lock (skipped when another replica holds it), everything checked again. */
    private Uni<Boolean> startIfDue(Mutiny.Session session, UUID deploymentId) {
        return deployments.lockUnlessHeld(session, deploymentId).chain(deployment -> {
            if (deployment == null || deployment.scheduleKind != ScheduleKind.ON_DEFAULT_VERSION_CHANGE
                    || deployment.schedulePaused) {
                return Uni.createFrom().item(false);
            }
            return triggers.lockDefaultVersion(session, deployment.packageName).chain(current -> {
                long seen = deployment.defaultVersionSeen == null ? 0 : deployment.defaultVersionSeen;
                if (current == null || current.seq() <= seen) {
                    return Uni.createFrom().item(false);
                }
                if (current.version() == null) {
                    // The default was cleared: nothing to install; a later default starts a run.
                    deployment.defaultVersionSeen = current.seq();
                    return Uni.createFrom().item(false);
                }
                return clock.now(session).chain(now -> triggers.unfinishedRun(session, deployment.id)
                        .chain(unfinished -> unfinished == null
                                ? start(session, deployment, current, seen, now)
                                : rollouts.find(session, unfinished).chain(run -> run == null
                                        ? Uni.createFrom().item(false)
                                        : overlap(session, deployment, run, current, now))));
            });
        });
    }

    private Uni<Boolean> start(Mutiny.Session session, DeploymentEntity deployment, DefaultVersion current, long seen,
            OffsetDateTime now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("defaultVersion", current.version());
        // More than 1 when the default changed several times between two ticks (or while the run waited).
        details.put("defaultVersionChanges", current.seq() - seen);
        if (deployment.runWaitingSince != null) {
            details.put("waitedSince", deployment.runWaitingSince.toString());
        }
        return starter.startNew(session, deployment, deploymentService.selector(deployment),
                RunTrigger.DEFAULT_VERSION_CHANGE, now, details)
                .invoke(run -> {
                    deployment.defaultVersionSeen = current.seq();
                    deployment.runWaitingSince = null;
                })
                .replaceWith(true);
    }

    private Uni<Boolean> overlap(Mutiny.Session session, DeploymentEntity deployment, RolloutEntity unfinished,
            DefaultVersion current, OffsetDateTime now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("trigger", RunTrigger.DEFAULT_VERSION_CHANGE.name());
        details.put("defaultVersion", current.version());
        // A new default published while a rollback runs is most likely the fix for what is being rolled back: SKIP
        // would drop it for good, so it waits for the rollback, whatever the policy.
        boolean rollback = unfinished.trigger == RunTrigger.ROLLBACK;
        if (deployment.overlapPolicy == OverlapPolicy.SKIP && !rollback) {
            deployment.defaultVersionSeen = current.seq();
            details.put("reason", "this run was unfinished when the default version changed (overlap SKIP)");
            return steps.journal(session, unfinished.id, now, "SCHEDULED_RUN_SKIPPED", details).replaceWith(false);
        }
        if (deployment.runWaitingSince != null) {
            return Uni.createFrom().item(false);
        }
        deployment.runWaitingSince = now;
        details.put("reason", rollback
                ? "the run with the new default version starts when this rollback run has finished (a change during "
                        + "a rollback always waits)"
                : "the run with the new default version starts when this run has finished (overlap WAIT)");
        return steps.journal(session, unfinished.id, now, "SCHEDULED_RUN_WAITING", details).replaceWith(false);
    }
}
