package dev.distributor.rollout.service;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Texts;
import dev.distributor.common.time.ServiceClock;
import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.InvocationEntity;
import dev.distributor.rollout.domain.InvocationEvent;
import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.Journal;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RolloutEntity.PauseCause;
import dev.distributor.rollout.domain.RolloutEntity.WaitingFor;
import dev.distributor.rollout.domain.RolloutEvent;
import dev.distributor.rollout.domain.RolloutLifecycle;
import dev.distributor.rollout.domain.RolloutState;
import dev.distributor.rollout.domain.RunTrigger;
import dev.distributor.rollout.engine.RolloutDecision;
import dev.distributor.rollout.engine.RolloutDecision.Accepted;
import dev.distributor.rollout.engine.RolloutTicker;
import dev.distributor.rollout.engine.RolloutView;
import dev.distributor.rollout.engine.Withdrawals;
import dev.distributor.rollout.plan.Plan;
import dev.distributor.rollout.plan.Planner;
import dev.distributor.rollout.repository.DeploymentRepository;
import dev.distributor.rollout.repository.InvocationRepository;
import dev.distributor.rollout.repository.RolloutRepository;
import dev.distributor.rollout.rollback.RollbackRuns;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/**
 * The operator's controls over a run. Each takes the rollout's row lock (waiting for an engine tick to finish), checks
 * that the control makes sense in the current state, changes the state and appends its events, in one transaction
 * with its audit row. Dispatching is left to the engine's next tick.
 */
@ApplicationScoped
public class RolloutService {

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final Planner planner;
    private final DeploymentService deployments;
    private final Withdrawals withdrawals;
    private final ServiceClock clock;
    private final RolloutRepository rollouts;
    private final InvocationRepository invocations;
    private final RolloutTicker ticker;
    private final RunStarter runs;
    private final RollbackRuns rollbacks;
    private final DeploymentRepository deploymentRows;

    public RolloutService(AccessControl access, UnitOfWork unitOfWork, Planner planner, DeploymentService deployments,
            Withdrawals withdrawals, ServiceClock clock, RolloutRepository rollouts, InvocationRepository invocations,
            RolloutTicker ticker, RunStarter runs, RollbackRuns rollbacks, DeploymentRepository deploymentRows) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.planner = planner;
        this.deployments = deployments;
        this.withdrawals = withdrawals;
        this.clock = clock;
        this.rollouts = rollouts;
        this.invocations = invocations;
        this.ticker = ticker;
        this.runs = runs;
        this.rollbacks = rollbacks;
        this.deploymentRows = deploymentRows;
    }

    public Uni<RolloutEntity> find(UUID id) {
        return access.require(Permission.VIEW, "rollout.find")
                .chain(viewer -> unitOfWork.read(session -> find(session, id)));
    }

    public Uni<Map<UUID, RolloutEntity>> findAll(List<UUID> ids) {
        return access.require(Permission.VIEW, "rollout.findAll")
                .chain(viewer -> unitOfWork.read(session -> rollouts.findAll(session, ids)
                        .map(rows -> {
                            Map<UUID, RolloutEntity> byId = new LinkedHashMap<>();
                            rows.forEach(r -> byId.put(r.id, r));
                            return byId;
                        })));
    }

    /**
     * PLANNED -> RUNNING: resolves "default" to a version, plans against the fleet as it is now and writes one
     * invocation per selected target. A retried call with the same idempotency key returns the started run.
     */
    public Uni<RolloutEntity> start(UUID id, String idempotencyKey) {
        Texts.oneLine("idempotencyKey", idempotencyKey, 200);
        return control(id, "rollout.start", (session, ctx) -> {
            RolloutEntity rollout = ctx.rollout();
            if (idempotencyKey != null && idempotencyKey.equals(rollout.startKey)) {
                return Uni.createFrom().item(rollout);
            }
            RolloutLifecycle.next(rollout.id, rollout.state, RolloutEvent.START);
            return deployments.find(session, rollout.deploymentId)
                    .chain(deployment -> planner.plan(session, deployment, deployments.selector(deployment),
                            rollout.id)
                            .chain(plan -> begin(session, ctx, deployment, plan, idempotencyKey)));
        });
    }

    /**
     * RUNNING -> PAUSED: nothing new starts. Commands no host has started (a command waiting for an offline host
     * included) are withdrawn and their invocations go back to PENDING, to be queued again on resume; running ones
     * finish and report.
     */
    public Uni<RolloutEntity> pause(UUID id) {
        return control(id, "rollout.pause", (session, ctx) -> {
            RolloutEntity rollout = ctx.rollout();
            rollout.on(RolloutEvent.PAUSE);
            rollout.pauseCause = PauseCause.OPERATOR;
            rollout.stateReason = "paused by " + ctx.actor().displayName();
            ctx.journal().rollout("ROLLOUT_PAUSED", Map.of("cause", PauseCause.OPERATOR.name()));
            return deployments.find(session, rollout.deploymentId)
                    .chain(deployment -> withdrawals.withdrawUnstarted(session, rollout, deployment, ctx.journal(),
                            ctx.now()))
                    .replaceWith(rollout);
        });
    }

    /**
     * PAUSED -> RUNNING. Resuming after a tripped threshold accepts what tripped it and what else is known by then
     * ({@link RolloutDecision#acceptedOnResume}): every error so far stops counting against maxErrors, and a complete
     * wave below waveSuccessPercent counts as passed, so one resume is enough; a new failure trips again.
     */
    public Uni<RolloutEntity> resume(UUID id) {
        return control(id, "rollout.resume", (session, ctx) -> {
            RolloutEntity rollout = ctx.rollout();
            RolloutLifecycle.next(rollout.id, rollout.state, RolloutEvent.RESUME);
            return invocations.counts(session, rollout.id).map(counts -> {
                Accepted accepted = RolloutDecision.acceptedOnResume(RolloutView.of(rollout), counts,
                        rollout.pauseCause);
                rollout.errorsAcknowledged = accepted.errorsAcknowledged();
                rollout.waveAccepted = accepted.waveAccepted();
                rollout.on(RolloutEvent.RESUME);
                rollout.pauseCause = null;
                rollout.stateReason = null;
                ctx.journal().rollout("ROLLOUT_RESUMED", Map.of());
                return rollout;
            });
        });
    }

    /** Stops the run for good: nothing new starts, queued commands are withdrawn, running ones finish and report. */
    public Uni<RolloutEntity> cancel(UUID id) {
        return control(id, "rollout.cancel", (session, ctx) -> {
            RolloutEntity rollout = ctx.rollout();
            rollout.on(RolloutEvent.CANCEL);
            rollout.stateReason = "cancelled by " + ctx.actor().displayName();
            rollout.finishedAt = ctx.now();
            rollout.waitingFor = null;
            return deployments.find(session, rollout.deploymentId)
                    .chain(deployment -> withdrawals.cancelUnstarted(session, rollout, deployment, ctx.journal(),
                            ctx.now(), "rollout cancelled"))
                    // A cancelled rollback run puts back nothing more: the run it was putting back is free again to
                    // be retried or rolled back (one rollback per run counts only those not cancelled).
                    .call(() -> rollout.trigger == RunTrigger.ROLLBACK
                            ? rollbacks.cancelled(session, rollout, ctx.actor().displayName(), ctx.now())
                            : Uni.createFrom().voidItem())
                    // The run's last event closes its transaction: a live subscriber ends with it (rolloutProgress).
                    .invoke(() -> ctx.journal().rollout("ROLLOUT_CANCELLED", Map.of()))
                    .replaceWith(rollout);
        });
    }

    /** Starts the next wave of a run waiting for approval. */
    public Uni<RolloutEntity> approveWave(UUID id) {
        return control(id, "rollout.approveWave", (session, ctx) -> {
            RolloutEntity rollout = ctx.rollout();
            if (rollout.waitingFor != WaitingFor.APPROVAL
                    || !RolloutLifecycle.allows(rollout.state, RolloutEvent.APPROVE_WAVE)) {
                throw new DistributorException(ErrorCode.INVALID_STATE, "Rollout " + rollout.id
                        + " is not waiting for approval (state " + rollout.state + ").",
                        Map.of("state",
                                rollout.state.name()));
            }
            rollout.on(RolloutEvent.APPROVE_WAVE);
            ctx.journal().rollout("WAVE_APPROVED", Map.of("wave", rollout.currentWave + 1, "by",
                    ctx.actor().displayName()));
            rollout.startNextWave(ctx.journal());
            return Uni.createFrom().item(rollout);
        });
    }

    /**
     * Runs the FAILED and TIMED_OUT invocations again (a new attempt each). A run a threshold stopped also gets back
     * the targets the stop cancelled before they ran, so it carries on where it stopped, waves and thresholds
     * included. A finished run reopens as RUNNING; a paused one stays paused until resumed.
     */
    public Uni<RolloutEntity> retryFailed(UUID id) {
        // The deployment first, as rollback and the run sources take it: no run of it starts while this one reopens.
        return control(id, "rollout.retryFailed", true, (session, ctx) -> {
            RolloutEntity rollout = ctx.rollout();
            RolloutLifecycle.next(rollout.id, rollout.state, RolloutEvent.RETRY);
            if (rollout.rolledBackBy != null) {
                // Running it again would undo what its rollback run puts back.
                throw new DistributorException(ErrorCode.INVALID_STATE, "Rollout " + rollout.id + " is being rolled "
                        + "back by rollout " + rollout.rolledBackBy + "; retry that run instead.",
                        Map.of("state", rollout.state.name()));
            }
            return rollouts.unfinishedOf(session, rollout.deploymentId)
                    .invoke(unfinished -> refuseOverlap(rollout, unfinished, "retrying"))
                    .chain(() -> invocations.inStatus(session, rollout.id, List.of(InvocationStatus.FAILED,
                            InvocationStatus.TIMED_OUT, InvocationStatus.CANCELLED)))
                    .map(candidates -> {
                        // A rollback's target whose previous version is gone would get a command without a file.
                        long cannotPutBack = candidates.stream().filter(RollbackRuns::cannotPutBack).count();
                        List<InvocationEntity> failed = candidates.stream()
                                .filter(i -> i.status != InvocationStatus.CANCELLED)
                                .filter(i -> !RollbackRuns.cannotPutBack(i)).toList();
                        if (failed.isEmpty() && cannotPutBack > 0) {
                            throw new DistributorException(ErrorCode.INVALID_STATE, "Rollout " + rollout.id
                                    + " has nothing a retry can do: its " + cannotPutBack + " failed target(s) cannot "
                                    + "be put back (the previous version was deleted or has no file for the "
                                    + "platform); deploy the version wanted instead.",
                                    Map.of("state", rollout.state.name()));
                        }
                        if (failed.isEmpty()) {
                            throw new DistributorException(ErrorCode.INVALID_STATE, "Rollout " + rollout.id
                                    + " has no failed or timed-out invocation to retry.",
                                    Map.of("state", rollout.state.name()));
                        }
                        List<InvocationEntity> stopped = rollout.state != RolloutState.FAILED
                                ? List.of()
                                : candidates.stream().filter(Withdrawals::cancelledByStop).toList();
                        failed.forEach(invocation -> reopen(invocation, invocation.attempt + 1, ctx));
                        stopped.forEach(invocation -> reopen(invocation, invocation.attempt, ctx));
                        rollout.errorsAcknowledged = 0;
                        if (rollout.state.finished()) {
                            rollout.stateReason = null;
                            rollout.finishedAt = null;
                        }
                        rollout.on(RolloutEvent.RETRY);
                        ctx.journal().rollout("RETRY_REQUESTED", Map.of("invocations", failed.size(),
                                "resumedAfterStop", stopped.size()));
                        return rollout;
                    });
        });
    }

    /**
     * Puts back what the run changed (docs/ROLLOUTS.md, "Rollback"): a rollback run of the same deployment starts now,
     * linked both ways with this one, and its answer is that run. A run still going (RUNNING, PAUSED) is stopped first,
     * as a cancel does, and ends CANCELLED; a finished one (SUCCEEDED, FAILED, CANCELLED) keeps its state until the
     * rollback run succeeds, when both end ROLLED_BACK. A run that changed nothing gets a rollback run that ends
     * ROLLED_BACK at once, and so does the run.
     *
     * @throws DistributorException INVALID_STATE for a PLANNED run (nothing changed), a run rolled back or being
     *             rolled back, a rollback run, or while another run of the deployment is unfinished
     */
    public Uni<RolloutEntity> rollback(UUID id) {
        return control(id, "rollout.rollback", true, (session, ctx) -> {
            RolloutEntity original = ctx.rollout();
            if (original.trigger == RunTrigger.ROLLBACK) {
                throw new DistributorException(ErrorCode.INVALID_STATE, "Rollout " + original.id + " is a rollback "
                        + "run; a rollback is not rolled back: deploy the version wanted instead.",
                        Map.of("state", original.state.name()));
            }
            if (original.rolledBackBy != null) {
                throw new DistributorException(ErrorCode.INVALID_STATE, "Rollout " + original.id + " is rolled back "
                        + "or being rolled back already, by rollout " + original.rolledBackBy + ".",
                        Map.of("state", original.state.name()));
            }
            RolloutLifecycle.next(original.id, original.state, RolloutEvent.ROLLBACK);
            boolean going = !original.state.finished();
            String by = ctx.actor().displayName();
            return deployments.find(session, original.deploymentId)
                    .chain(deployment -> rollouts.unfinishedOf(session, deployment.id)
                            .invoke(unfinished -> refuseOverlap(original, unfinished, "rolling back"))
                            .chain(() -> rollbacks.stopAndStart(session, original, deployment, ctx.journal(),
                                    ctx.now(), ctx.actor().subject(), "requested by " + by,
                                    "rollout stopped for rollback", rollback -> {
                                        original.on(RolloutEvent.ROLLBACK);
                                        if (going) {
                                            original.stateReason = "stopped for rollback by " + by;
                                            original.finishedAt = ctx.now();
                                            original.waitingFor = null;
                                            original.pauseCause = null;
                                            // The run's last event closes its transaction: a live subscriber ends
                                            // with it.
                                            ctx.journal().rollout("ROLLOUT_CANCELLED", Map.of("rollbackRunId",
                                                    rollback.id.toString()));
                                        }
                                    })));
        });
    }

    /**
     * Runs of one deployment never overlap: a control that sets {@code rollout} going again (or starts a run for it)
     * is refused while another run of the deployment is unfinished.
     *
     * @param doing what the control does, in words ("retrying", "rolling back")
     */
    private static void refuseOverlap(RolloutEntity rollout, List<RolloutEntity> unfinished, String doing) {
        unfinished.stream()
                .filter(run -> !run.id.equals(rollout.id))
                .findFirst()
                .ifPresent(run -> {
                    throw new DistributorException(ErrorCode.INVALID_STATE, "Run " + run.runNumber + " of the "
                            + "deployment is " + run.state + "; cancel it or let it finish before " + doing + " run "
                            + rollout.runNumber + " (runs of one deployment never overlap).",
                            Map.of("state", rollout.state.name()));
                });
    }

    private static void reopen(InvocationEntity invocation, int attempt, Context ctx) {
        invocation.on(InvocationEvent.RETRY);
        invocation.statusReason = "retry requested";
        invocation.attempt = attempt;
        invocation.commandId = null;
        invocation.exitCode = null;
        invocation.rebootRequired = false;
        invocation.step = null;
        invocation.output = null;
        invocation.queuedAt = null;
        invocation.startedAt = null;
        invocation.finishedAt = null;
        invocation.updatedAt = ctx.now();
        ctx.journal().invocation(invocation, Map.of("attempt", attempt));
    }

    private Uni<RolloutEntity> begin(Mutiny.Session session, Context ctx, DeploymentEntity deployment, Plan plan,
            String idempotencyKey) {
        if (plan.entries().isEmpty()) {
            throw DeploymentService.noTargets();
        }
        return runs.begin(session, ctx.rollout(), deployment, plan, ctx.journal(), ctx.now(), idempotencyKey, Map.of());
    }

    /** What a control works with: the locked rollout, its journal, the caller and the service clock's time. */
    private record Context(RolloutEntity rollout, Journal journal, Actor actor, OffsetDateTime now) {
    }

    private Uni<RolloutEntity> control(UUID id, String action,
            BiFunction<Mutiny.Session, Context, Uni<RolloutEntity>> work) {
        return control(id, action, false, work);
    }

    /**
     * @param deploymentFirst lock the run's deployment before the run (a control that starts a new run: the lock
     *        numbers it), in the order run sources take the two
     */
    private Uni<RolloutEntity> control(UUID id, String action, boolean deploymentFirst,
            BiFunction<Mutiny.Session, Context, Uni<RolloutEntity>> work) {
        // The audit row carries the rollout's state before and after the control (and the run a control started).
        Map<String, Object> details = new LinkedHashMap<>();
        return access.require(Permission.DEPLOY, action)
                .chain(caller -> unitOfWork.change(caller, action, "rollout/" + id,
                        (session, actor) -> clock.now(session)
                                .chain(now -> (deploymentFirst
                                        ? lockDeploymentOf(session, id)
                                        : Uni.createFrom().voidItem())
                                        .chain(() -> rollouts.lock(session, id))
                                        .onItem().ifNull().failWith(() -> notFound(id))
                                        .chain(rollout -> {
                                            details.put("before", rollout.state.name());
                                            Context ctx = new Context(rollout, new Journal(rollout, now), actor, now);
                                            return work.apply(session, ctx)
                                                    .invoke(changed -> {
                                                        rollout.updatedAt = now;
                                                        changed.updatedAt = now;
                                                        details.put("after", rollout.state.name());
                                                        if (changed != rollout) {
                                                            details.put("started", changed.id.toString());
                                                        }
                                                    })
                                                    .call(changed -> ctx.journal().write(session));
                                        })),
                        changed -> details))
                // Committed: this replica's engine acts on it now rather than at its next period.
                .invoke(ticker::wake);
    }

    private Uni<Void> lockDeploymentOf(Mutiny.Session session, UUID rolloutId) {
        return rollouts.deploymentOf(session, rolloutId)
                .chain(deploymentId -> deploymentId == null
                        ? Uni.createFrom().voidItem()
                        : deploymentRows.lock(session, deploymentId).replaceWithVoid());
    }

    private Uni<RolloutEntity> find(Mutiny.Session session, UUID id) {
        return rollouts.find(session, id).onItem().ifNull().failWith(() -> notFound(id));
    }

    private static DistributorException notFound(UUID id) {
        return new DistributorException(ErrorCode.ROLLOUT_NOT_FOUND, "No rollout has id " + id + ".");
    }
}
