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
        return begin(session, rollout, new Launch(plan.version(), plan.waveSizes(), plan.maxConcurrency(),
                plan.maxErrors(), plan.offlineCount(), plan.warnings()), created, journal, now, startKey, details);
    }

    /**
     * What a run fixes when it starts, from a plan or composed by its starter (a rollback run builds its invocations
     * per target).
     *
     * @param version the run's version (null: none, or one per invocation)
     * @param offline selected targets offline at the start
     */
    public record Launch(String version, List<Integer> waveSizes, int maxConcurrency, int maxErrors, long offline,
            List<String> warnings) {
    }

    /**
     * As {@link #begin(Mutiny.Session, RolloutEntity, DeploymentEntity, Plan, Journal, OffsetDateTime, String, Map)},
     * with the invocations built by the caller (PENDING, or SKIPPED with their reason). A rollback run with nothing
     * to do ends ROLLED_BACK at once rather than SUCCEEDED: there is nothing to put back.
     */
    public Uni<RolloutEntity> begin(Mutiny.Session session, RolloutEntity rollout, Launch launch,
            List<InvocationEntity> created, Journal journal, OffsetDateTime now, String startKey,
            Map<String, Object> details) {
        rollout.on(RolloutEvent.START);
        rollout.version = launch.version();
        rollout.waveSizes = String.join(",", launch.waveSizes().stream().map(String::valueOf).toList());
        rollout.currentWave = launch.waveSizes().isEmpty() ? 0 : 1;
        rollout.maxConcurrency = launch.maxConcurrency();
        rollout.maxErrors = launch.maxErrors();
        rollout.startKey = startKey;
        rollout.startedAt = now;
        rollout.updatedAt = now;
        long skipped = created.stream().filter(invocation -> invocation.status == InvocationStatus.SKIPPED).count();
        Map<String, Object> started = new LinkedHashMap<>();
        started.put("version", launch.version() == null ? "(installed)" : launch.version());
        started.put("targets", created.size());
        started.put("skipped", skipped);
        started.put("offline", launch.offline());
        started.put("waves", launch.waveSizes());
        started.put("trigger", rollout.trigger.name());
        started.putAll(details);
        if (!launch.warnings().isEmpty()) {
            started.put("warnings", launch.warnings());
        }
        journal.rollout("ROLLOUT_STARTED", started);
        if (rollout.currentWave == 1) {
            journal.rollout("WAVE_STARTED", Map.of("wave", 1));
        }
        if (skipped == created.size()) {
            // Nothing to do: the run's final state is known now, and whoever started it gets it at once.
            Counts counts = new Counts();
            created.forEach(invocation -> counts.add(invocation.wave, invocation.status, 1));
            rollout.finishedAt = now;
            if (rollout.trigger == RunTrigger.ROLLBACK) {
                rollout.on(RolloutEvent.ROLLBACK_SUCCEEDED);
                rollout.stateReason = created.isEmpty()
                        ? "nothing to put back"
                        : "nothing to put back (" + RolloutDecision.succeedReason(counts) + ")";
                journal.rollout("ROLLOUT_ROLLED_BACK", Map.of("rollbackOf", String.valueOf(rollout.rollbackOf)));
            } else {
                rollout.on(RolloutEvent.SUCCEED);
                rollout.stateReason = created.isEmpty()
                        ? "no target matches the selector"
                        : RolloutDecision.succeedReason(counts);
                journal.rollout("ROLLOUT_SUCCEEDED", Map.of());
            }
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
