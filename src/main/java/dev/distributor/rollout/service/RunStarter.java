package dev.distributor.rollout.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.InvocationEntity;
import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.Journal;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RolloutEvent;
import dev.distributor.rollout.domain.RolloutState;
import dev.distributor.rollout.domain.RunTrigger;
import dev.distributor.rollout.domain.TargetSelector;
import dev.distributor.rollout.engine.Counts;
import dev.distributor.rollout.engine.RolloutDecision;
import dev.distributor.rollout.plan.Plan;
import dev.distributor.rollout.plan.PlanEntry;
import dev.distributor.rollout.plan.Planner;
import dev.distributor.rollout.repository.InvocationRepository;
import dev.distributor.rollout.repository.RolloutRepository;

/**
 * The one path from a plan to a RUNNING run with one invocation per selected target: {@code startRollout} takes it for
 * a ONCE deployment's PLANNED run, and schedules, triggers and rollbacks for the runs they start themselves. The caller
 * holds the transaction (and, for a new run, the deployment's row lock, so two replicas never number a run alike).
 */
@ApplicationScoped
public class RunStarter {

    private final Planner planner;
    private final RolloutRepository rollouts;
    private final InvocationRepository invocations;

    public RunStarter(Planner planner, RolloutRepository rollouts, InvocationRepository invocations) {
        this.planner = planner;
        this.rollouts = rollouts;
        this.invocations = invocations;
    }

    /**
     * A new run of {@code deployment}, numbered after its last, planned for {@code selector} now and started at once;
     * its events are written. A plan that selects no target still makes a run, which succeeds at once saying so, so the
     * deployment's history shows every firing.
     *
     * @param details what the ROLLOUT_STARTED event adds to say why the run started (the firing, the new version)
     */
    public Uni<RolloutEntity> startNew(Mutiny.Session session, DeploymentEntity deployment, TargetSelector selector,
            RunTrigger trigger, OffsetDateTime now, Map<String, Object> details) {
        return rollouts.lastRunNumber(session, deployment.id)
                .map(last -> newRun(deployment, last + 1, trigger, now))
                .call(session::persist)
                .chain(rollout -> planner.plan(session, deployment, selector, rollout.id)
                        .chain(plan -> {
                            Journal journal = new Journal(rollout, now);
                            return begin(session, rollout, deployment, plan, journal, now, null, details)
                                    .call(started -> journal.write(session));
                        }));
    }

    /** A PLANNED run of {@code deployment}, not stored yet. */
    public static RolloutEntity newRun(DeploymentEntity deployment, int runNumber, RunTrigger trigger,
            OffsetDateTime now) {
        RolloutEntity rollout = new RolloutEntity();
        rollout.id = UUID.randomUUID();
        rollout.deploymentId = deployment.id;
        rollout.runNumber = runNumber;
        rollout.state = RolloutState.PLANNED;
        rollout.trigger = trigger;
        rollout.createdBy = trigger == RunTrigger.MANUAL ? deployment.createdBy : "distributor:" + trigger.name();
        rollout.createdAt = now;
        rollout.updatedAt = now;
        return rollout;
    }

    /**
     * PLANNED -> RUNNING with {@code plan}: writes one invocation per entry (skipped ones SKIPPED with their reason),
     * fixes the version, waves and limits, and journals ROLLOUT_STARTED (with {@code details}) and the first
     * WAVE_STARTED in {@code journal}, which the caller writes. A run with nothing to do succeeds at once.
     *
     * @param startKey the idempotency key of {@code startRollout}, or null
     */
    public Uni<RolloutEntity> begin(Mutiny.Session session, RolloutEntity rollout, DeploymentEntity deployment,
            Plan plan, Journal journal, OffsetDateTime now, String startKey, Map<String, Object> details) {
        List<InvocationEntity> created = new ArrayList<>(plan.entries().size());
        int position = 0;
        for (PlanEntry entry : plan.entries()) {
            created.add(invocation(rollout, deployment, plan, entry, ++position, now));
        }
        rollout.on(RolloutEvent.START);
        rollout.version = plan.version();
        rollout.waveSizes = String.join(",", plan.waveSizes().stream().map(String::valueOf).toList());
        rollout.currentWave = plan.waveSizes().isEmpty() ? 0 : 1;
        rollout.maxConcurrency = plan.maxConcurrency();
        rollout.maxErrors = plan.maxErrors();
        rollout.startKey = startKey;
        rollout.startedAt = now;
        rollout.updatedAt = now;
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("version", plan.version() == null ? "(installed)" : plan.version());
        started.put("targets", plan.entries().size());
        started.put("skipped", plan.skippedCount());
        started.put("offline", plan.offlineCount());
        started.put("waves", plan.waveSizes());
        started.put("trigger", rollout.trigger.name());
        started.putAll(details);
        if (!plan.warnings().isEmpty()) {
            started.put("warnings", plan.warnings());
        }
        journal.rollout("ROLLOUT_STARTED", started);
        if (rollout.currentWave == 1) {
            journal.rollout("WAVE_STARTED", Map.of("wave", 1));
        }
        if (created.stream().allMatch(invocation -> invocation.status == InvocationStatus.SKIPPED)) {
            // Nothing to do: the run's final state is known now, and whoever started it gets it at once.
            Counts counts = new Counts();
            created.forEach(invocation -> counts.add(invocation.wave, invocation.status, 1));
            rollout.on(RolloutEvent.SUCCEED);
            rollout.stateReason = created.isEmpty()
                    ? "no target matches the selector"
                    : RolloutDecision.succeedReason(counts);
            rollout.finishedAt = now;
            journal.rollout("ROLLOUT_SUCCEEDED", Map.of());
        }
        return invocations.persistAll(session, created).replaceWith(rollout);
    }

    /** The invocation of one plan entry, PENDING (or SKIPPED with the plan's reason). */
    public static InvocationEntity invocation(RolloutEntity rollout, DeploymentEntity deployment, Plan plan,
            PlanEntry entry, int position, OffsetDateTime now) {
        InvocationEntity invocation = new InvocationEntity();
        invocation.id = UUID.randomUUID();
        invocation.rolloutId = rollout.id;
        invocation.instanceId = entry.instanceId();
        invocation.packageName = deployment.packageName;
        invocation.driver = entry.driver();
        invocation.wave = entry.wave();
        invocation.position = position;
        invocation.version = plan.version() != null ? plan.version() : entry.installedVersion();
        invocation.fileName = entry.fileName();
        invocation.fileSha256 = entry.fileSha256();
        invocation.fileSize = entry.fileSize();
        invocation.previousVersion = entry.installedVersion();
        invocation.previousFileSha256 = entry.previousFileSha256();
        invocation.updatedAt = now;
        if (entry.skipped()) {
            invocation.status = InvocationStatus.SKIPPED;
            invocation.statusReason = entry.skipReason().name() + ": " + entry.skipDetail();
            invocation.finishedAt = now;
        } else {
            invocation.status = InvocationStatus.PENDING;
        }
        return invocation;
    }
}
