package dev.distributor.rollout.engine;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.CommandObservation;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.fleet.TargetDriver;
import dev.distributor.fleet.domain.DriverKind;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.InvocationEntity;
import dev.distributor.rollout.domain.InvocationEvent;
import dev.distributor.rollout.domain.InvocationLifecycle;
import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.Journal;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RolloutEntity.WaitingFor;
import dev.distributor.rollout.domain.RolloutEvent;
import dev.distributor.rollout.domain.RolloutState;
import dev.distributor.rollout.domain.RunTrigger;
import dev.distributor.rollout.engine.RolloutDecision.Decision;
import dev.distributor.rollout.engine.RolloutDecision.Trip;
import dev.distributor.rollout.engine.RolloutDecision.Wait;
import dev.distributor.rollout.repository.DeploymentRepository;
import dev.distributor.rollout.repository.InvocationRepository;
import dev.distributor.rollout.rollback.RollbackRuns;
import dev.distributor.rollout.schedule.MaintenanceWindows;

/**
 * One pass of the engine over one rollout, inside the transaction that holds the rollout's row lock: load (apply what
 * the drivers observed, cancel what deregistered targets left unfinished, give up invocations past their timeouts,
 * count), decide ({@link RolloutDecision#decide}, pure),
 * apply the decision through the lifecycle tables (thresholds, waves, dispatch, finish) and journal it. Commands are
 * recorded here and sent after commit.
 */
final class RolloutTick {

    /** The reason of an invocation whose target was deregistered before it finished. */
    static final String TARGET_DEREGISTERED = "target deregistered";

    private final Mutiny.Session session;
    private final RolloutEntity rollout;
    private final DeploymentEntity deployment;
    private final Drivers drivers;
    private final Withdrawals withdrawals;
    private final InvocationRepository invocations;
    private final long reportGraceSeconds;
    private final long rebootTimeoutSeconds;
    private final OffsetDateTime now;
    private final Journal journal;
    private final StrategyView strategy;
    private final Map<DriverKind, List<IssuedCommand>> toSend = new HashMap<>();
    /** The deployment's maintenance windows ({@link MaintenanceWindows#NONE}: always open). */
    private final MaintenanceWindows windows;
    private final boolean windowOpen;
    /** This pass found new invocations held back by a closed window. */
    private boolean heldByWindow;
    private final RollbackRuns rollbacks;
    private final DeploymentRepository deployments;
    /** This pass's counts, once read: how a rollback run ends depends on them. */
    private Counts counts;
    /** Unfinished invocations whose target was deregistered: they end CANCELLED, not counted for or against the run. */
    private final Set<UUID> deregistered = new HashSet<>();
    /** What this pass did, recorded as metrics once its transaction committed. */
    private final RolloutMetrics.Pass observed;

    RolloutTick(Mutiny.Session session, RolloutEntity rollout, DeploymentEntity deployment, Drivers drivers,
            Withdrawals withdrawals, InvocationRepository invocations, long reportGraceSeconds,
            long rebootTimeoutSeconds, OffsetDateTime now, RollbackRuns rollbacks, DeploymentRepository deployments,
            RolloutMetrics.Pass observed) {
        this.session = session;
        this.observed = observed;
        this.rollout = rollout;
        this.deployment = deployment;
        this.drivers = drivers;
        this.withdrawals = withdrawals;
        this.invocations = invocations;
        this.reportGraceSeconds = reportGraceSeconds;
        this.rebootTimeoutSeconds = rebootTimeoutSeconds;
        this.now = now;
        this.journal = new Journal(rollout, now);
        // A rollback run tries every target: no threshold stops it (docs/ROLLOUTS.md, "Rollback").
        this.strategy = rollout.trigger == RunTrigger.ROLLBACK
                ? StrategyView.forRollback(deployment)
                : StrategyView.of(deployment);
        this.windows = MaintenanceWindows.fromJson(deployment.maintenanceWindows, deployment.timeZone);
        this.windowOpen = windows.isOpen(now);
        this.rollbacks = rollbacks;
        this.deployments = deployments;
    }

    /** Runs the pass; the result names the commands to send, by driver, once the transaction committed. */
    Uni<Map<DriverKind, List<IssuedCommand>>> run() {
        return invocations.ofDeregisteredTargets(session, rollout.id)
                .invoke(gone -> gone.forEach(invocation -> deregistered.add(invocation.id)))
                .call(gone -> reconcileOpen())
                .invoke(this::cancelDeregistered)
                .chain(session::flush)
                .chain(() -> invocations.counts(session, rollout.id))
                .invoke(this::refreshPauseReason)
                .invoke(read -> counts = read)
                .map(this::decide)
                .chain(this::apply)
                .invoke(this::journalWindow)
                .chain(() -> {
                    // Every pass, not only one that changed something: the engine takes the least recently driven
                    // rollouts first, so runs that wait (for approval, on an offline host) go to the back of the queue
                    // instead of filling every tick's batch while newer runs starve.
                    rollout.updatedAt = now;
                    return journal.write(session);
                })
                .replaceWith(toSend);
    }

    /** The pure decision, gated by the maintenance windows; notes whether a closed window holds the run. */
    private Decision decide(Counts counts) {
        RolloutView view = RolloutView.of(rollout);
        Decision decision = RolloutDecision.decide(view, strategy, counts, now, windowOpen);
        heldByWindow = RolloutDecision.heldByWindow(view, counts, decision, windowOpen);
        return decision;
    }

    /**
     * Says once when a closed window starts holding the run's new invocations (WINDOW_CLOSED, with when the next window
     * opens) and once when a window opens again (WINDOW_OPENED, with when it closes), through {@code
     * rollout.heldByWindow}; a finished run's last event stays its last.
     */
    private void journalWindow() {
        if (rollout.state.finished()) {
            rollout.heldByWindow = false;
            return;
        }
        if (heldByWindow && !rollout.heldByWindow) {
            rollout.heldByWindow = true;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("nextWindowOpensAt", windows.nextOpening(now).map(Object::toString).orElse(null));
            journal.rollout("WINDOW_CLOSED", details);
        } else if (windowOpen && rollout.heldByWindow) {
            rollout.heldByWindow = false;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("closesAt", windows.closesAt(now).map(Object::toString).orElse(null));
            journal.rollout("WINDOW_OPENED", details);
        }
    }

    // ------------------------------------------------------------------ what hosts reported, and timeouts

    private Uni<Void> reconcileOpen() {
        return invocations.inStatus(session, rollout.id, InvocationStatus.OUT)
                .chain(open -> {
                    Map<DriverKind, List<InvocationEntity>> byDriver = open.stream()
                            .collect(Collectors.groupingBy(i -> i.driver));
                    return Multi.createFrom().iterable(byDriver.entrySet())
                            .onItem().transformToUniAndConcatenate(entry -> reconcile(entry.getKey(),
                                    entry.getValue()))
                            .collect().last()
                            .replaceWithVoid();
                });
    }

    private Uni<Void> reconcile(DriverKind driverKind, List<InvocationEntity> open) {
        TargetDriver driver = drivers.forKind(driverKind).orElse(null);
        if (driver == null) {
            open.forEach(i -> finish(i, InvocationEvent.FAIL, "no driver for " + driverKind + " targets"));
            return Uni.createFrom().voidItem();
        }
        return driver.observe(open.stream().map(i -> i.commandId).toList())
                .chain(observed -> {
                    Map<UUID, CommandObservation> byCommand = new HashMap<>();
                    observed.forEach(command -> byCommand.put(command.commandId(), command));
                    List<InvocationEntity> undelivered = new ArrayList<>();
                    List<UUID> silent = new ArrayList<>();
                    for (InvocationEntity invocation : open) {
                        CommandObservation command = byCommand.get(invocation.commandId);
                        if (command != null) {
                            apply(invocation, command);
                        }
                        if (invocation.status == InvocationStatus.QUEUED
                                && RolloutDecision.deliveryExpired(strategy, invocation.queuedAt, now)) {
                            undelivered.add(invocation);
                        } else if (command == null && invocation.status == InvocationStatus.QUEUED) {
                            // Issued and committed, but the driver never got it (a crash between commit and send).
                            toSend.computeIfAbsent(driverKind, d -> new ArrayList<>())
                                    .add(IssuedCommands.of(invocation, deployment,
                                            RolloutDecision.reportLimitSeconds(strategy, reportGraceSeconds)));
                        }
                        if (invocation.status == InvocationStatus.IN_PROGRESS && RolloutDecision.reportOverdue(
                                strategy, reportGraceSeconds, invocation.startedAt, now)) {
                            finish(invocation, InvocationEvent.TIME_OUT, "no final report within "
                                    + RolloutDecision.reportLimitSeconds(strategy, reportGraceSeconds)
                                    + " s of the start");
                            silent.add(invocation.commandId);
                        }
                        if (invocation.status == InvocationStatus.REBOOTING && RolloutDecision.rebootOverdue(
                                rebootTimeoutSeconds, invocation.rebootingSince, now)) {
                            finish(invocation, InvocationEvent.TIME_OUT, "the host did not report within "
                                    + rebootTimeoutSeconds + " s of its reboot (reboot-timeout)");
                            silent.add(invocation.commandId);
                        }
                    }
                    return driver.abandon(silent)
                            .chain(() -> withdrawals.withdrawQueued(undelivered, deployment))
                            .invoke(withdrawn -> undelivered.stream()
                                    .filter(i -> withdrawn.contains(i.commandId))
                                    .forEach(i -> finish(i, InvocationEvent.TIME_OUT, "not delivered within "
                                            + deployment.deliveryTimeoutSeconds + " s (target offline?)")));
                })
                .replaceWithVoid();
    }

    private void apply(InvocationEntity invocation, CommandObservation command) {
        if (withdrawnWithoutCommit(invocation, command)) {
            // The transaction that withdrew it (a pause, a stop, a cancel) did not commit, so the run did not change:
            // the command never ran, and the invocation is queued again rather than left CANCELLED for good.
            Withdrawals.backToPending(invocation, journal, now, "command withdrawn by a change that did not commit");
            return;
        }
        if (command.finished()) {
            invocation.exitCode = command.exitCode();
            invocation.rebootRequired = command.rebootRequired();
            invocation.step = command.step();
            invocation.output = command.output();
            invocation.startedAt = command.startedAt() == null ? invocation.startedAt : command.startedAt();
            InvocationEvent event = InvocationEvent.reported(command.state());
            String reason = command.state().equals("SUCCESS") ? null : command.step();
            // Also when the deregistration committed after this pass listed the deregistered targets.
            if (event == InvocationEvent.CANCEL && (deregistered.contains(invocation.id)
                    || command.targetDeregistered())) {
                reason = TARGET_DEREGISTERED;
            }
            finish(invocation, event, reason);
            if (command.finishedAt() != null) {
                invocation.finishedAt = command.finishedAt();
            }
            return;
        }
        if (command.rebooting() && InvocationLifecycle.allows(invocation.status, InvocationEvent.REBOOT)) {
            rebooting(invocation, command);
            return;
        }
        if (command.state().equals("IN_PROGRESS") && invocation.status == InvocationStatus.QUEUED) {
            invocation.on(InvocationEvent.START);
            invocation.startedAt = command.startedAt() == null ? now : command.startedAt();
            invocation.step = command.step();
            invocation.updatedAt = now;
            journal.invocation(invocation, Map.of());
        }
    }

    /**
     * A command withdrawn (CANCELLED without a step: no host ran it) while its invocation is still QUEUED: only a
     * withdrawal whose own transaction then failed leaves that (Withdrawals#withdrawQueued), since a committed one
     * moved the invocation with it. A deregistered host's commands carry a step and end the invocation CANCELLED.
     */
    private boolean withdrawnWithoutCommit(InvocationEntity invocation, CommandObservation command) {
        return command.state().equals("CANCELLED") && command.step() == null
                && invocation.status == InvocationStatus.QUEUED && !deregistered.contains(invocation.id);
    }

    /**
     * The script succeeded and the host reboots: the invocation stays out (waves and thresholds wait for it) until the
     * host reports after its boot, or the reboot limit ends it.
     */
    private void rebooting(InvocationEntity invocation, CommandObservation command) {
        invocation.on(InvocationEvent.REBOOT);
        invocation.exitCode = command.exitCode();
        invocation.rebootRequired = true;
        invocation.step = command.step();
        invocation.output = command.output();
        invocation.startedAt = command.startedAt() != null
                ? command.startedAt()
                : invocation.startedAt != null ? invocation.startedAt : now;
        invocation.rebootingSince = now;
        invocation.updatedAt = now;
        Map<String, Object> details = new LinkedHashMap<>();
        if (invocation.exitCode != null) {
            details.put("exitCode", invocation.exitCode);
        }
        details.put("rebootRequired", true);
        details.put("rebootTimeoutSeconds", rebootTimeoutSeconds);
        journal.invocation(invocation, details);
    }

    /**
     * A target that left mid-run is not an error: what it had not finished ends CANCELLED at once, whether it was
     * pending, queued or running (its driver cancelled its commands with the deregistration). A final report that
     * came before the deregistration was applied above and stands.
     */
    private void cancelDeregistered(List<InvocationEntity> gone) {
        gone.stream().filter(invocation -> !invocation.status.finished())
                .forEach(invocation -> finish(invocation, InvocationEvent.CANCEL, TARGET_DEREGISTERED));
    }

    /** A run a threshold paused keeps a reason that counts what it knows now (docs/ROLLOUTS.md, "The controls"). */
    private void refreshPauseReason(Counts counts) {
        if (rollout.state != RolloutState.PAUSED) {
            return;
        }
        String reason = RolloutDecision.pauseReason(RolloutView.of(rollout), strategy, counts, rollout.pauseCause);
        if (reason != null) {
            rollout.stateReason = reason;
        }
    }

    private void finish(InvocationEntity invocation, InvocationEvent event, String reason) {
        invocation.on(event);
        invocation.statusReason = reason;
        invocation.finishedAt = now;
        invocation.updatedAt = now;
        observed.finished(invocation);
        Map<String, Object> details = new LinkedHashMap<>();
        if (invocation.exitCode != null) {
            details.put("exitCode", invocation.exitCode);
        }
        if (invocation.rebootRequired) {
            details.put("rebootRequired", true);
        }
        journal.invocation(invocation, details);
    }

    // ------------------------------------------------------------------ thresholds, waves, dispatch, finish

    /** Applies what {@link RolloutDecision#decide} answered, in its order, each state change through the table. */
    private Uni<Void> apply(Decision decision) {
        if (decision.timerOver()) {
            advance();
        }
        if (decision.waveCompleted() != null) {
            observed.waveCompleted(rollout.id, decision.waveCompleted().wave(), now);
            journal.rollout("WAVE_COMPLETED", Map.of("wave", decision.waveCompleted().wave(), "successPercent",
                    decision.waveCompleted().successPercent()));
        }
        if (decision.trip() != null) {
            return trip(decision.trip());
        }
        if (decision.waitFor() != null) {
            waitFor(decision.waitFor());
            return Uni.createFrom().voidItem();
        }
        if (decision.startNextWave()) {
            advance();
        }
        if (decision.succeedReason() != null) {
            return succeed(decision.succeedReason());
        }
        return decision.dispatchSlots() > 0 ? dispatch(decision.dispatchSlots()) : Uni.createFrom().voidItem();
    }

    private void waitFor(Wait wait) {
        rollout.waitingFor = wait.kind();
        if (wait.kind() == WaitingFor.APPROVAL) {
            journal.rollout("WAITING_FOR_APPROVAL", Map.of("nextWave", wait.nextWave()));
        } else {
            rollout.nextWaveAt = wait.until();
            journal.rollout("WAITING_BETWEEN_WAVES", Map.of("nextWave", wait.nextWave(), "nextWaveAt",
                    wait.until().toString()));
        }
    }

    private void advance() {
        rollout.on(RolloutEvent.ADVANCE_WAVE);
        rollout.startNextWave(journal);
    }

    private Uni<Void> succeed(String reason) {
        // The last wave completes with the run (no WAVE_COMPLETED follows it).
        observed.waveCompleted(rollout.id, rollout.currentWave, now);
        if (rollout.trigger == RunTrigger.ROLLBACK) {
            return rollbackEnded();
        }
        rollout.on(RolloutEvent.SUCCEED);
        rollout.stateReason = reason;
        rollout.finishedAt = now;
        journal.rollout("ROLLOUT_SUCCEEDED", Map.of());
        return Uni.createFrom().voidItem();
    }

    /**
     * A rollback run is done: ROLLED_BACK when no target failed or timed out, and the run it put back moves to
     * ROLLED_BACK in the same transaction; else FAILED, and that run stays as it was, its reason saying so.
     */
    private Uni<Void> rollbackEnded() {
        RollbackRuns.Ending ending = RollbackRuns.ending(counts);
        rollout.on(ending.event());
        rollout.stateReason = ending.reason();
        rollout.finishedAt = now;
        if (rollout.rollbackOf == null) {
            // The run it put back was deleted: nothing to link.
            journal.rollout(ending.putBack() ? "ROLLOUT_ROLLED_BACK" : "ROLLOUT_FAILED", Map.of());
            return Uni.createFrom().voidItem();
        }
        journal.rollout(ending.putBack() ? "ROLLOUT_ROLLED_BACK" : "ROLLOUT_FAILED", Map.of("rollbackOf",
                rollout.rollbackOf.toString(), "reason", ending.reason()));
        return ending.putBack()
                ? rollbacks.putBack(session, rollout, now)
                : rollbacks.notPutBack(session, rollout, ending.reason(), now);
    }

    private Uni<Void> trip(Trip trip) {
        if (trip.event() == RolloutEvent.THRESHOLD_TRIPPED_ROLLBACK) {
            return tripToRollback(trip);
        }
        rollout.on(trip.event());
        observed.tripped(trip.event(), trip.cause());
        rollout.stateReason = trip.reason();
        Map<String, Object> details = Map.of("cause", trip.cause().name(), "reason", trip.reason());
        if (rollout.state == RolloutState.PAUSED) {
            rollout.pauseCause = trip.cause();
            journal.rollout("ROLLOUT_PAUSED", details);
            // Nothing new starts while paused, a command waiting for an offline host included.
            return withdrawals.withdrawUnstarted(session, rollout, deployment, journal, now);
        }
        rollout.finishedAt = now;
        // The run's last event closes its transaction: a live subscriber ends with it (rolloutProgress).
        return withdrawals.cancelUnstarted(session, rollout, deployment, journal, now,
                Withdrawals.STOPPED + trip.reason())
                .invoke(() -> journal.rollout("ROLLOUT_FAILED", details));
    }

    /**
     * {@code onFailure: ROLLBACK}: stops like STOP (what has not started is cancelled) and starts the rollback run in
     * the same transaction, then fails the run saying which run rolls it back; ROLLOUT_FAILED is its last event, so a
     * live subscriber ends with it. The deployment's row lock numbers the new run; while another transaction holds it
     * (a schedule starting a run, say) the run trips on a later pass instead.
     */
    private Uni<Void> tripToRollback(Trip trip) {
        return deployments.lockUnlessHeld(session, deployment.id).chain(locked -> {
            if (locked == null) {
                return Uni.createFrom().voidItem();
            }
            return rollbacks.stopAndStart(session, rollout, deployment, journal, now, null, trip.reason(),
                    Withdrawals.STOPPED + trip.reason(), rollback -> {
                        rollout.on(trip.event());
                        observed.tripped(trip.event(), trip.cause());
                        rollout.stateReason = trip.reason();
                        rollout.finishedAt = now;
                        journal.rollout("ROLLOUT_FAILED", Map.of("cause", trip.cause().name(), "reason",
                                trip.reason(), "rollbackRunId", rollback.id.toString()));
                    })
                    .replaceWithVoid();
        });
    }

    private Uni<Void> dispatch(int slots) {
        return invocations.dispatchable(session, rollout, slots)
                .chain(next -> next.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : invocations.registered(session, next.stream().map(i -> i.instanceId).toList())
                                .chain(live -> record(next, live)));
    }

    /** Issues the commands of every dispatched invocation: ids recorded with the invocations, sent after commit. */
    private Uni<Void> record(List<InvocationEntity> next, Set<String> live) {
        Map<DriverKind, List<InvocationEntity>> byDriver = new LinkedHashMap<>();
        for (InvocationEntity invocation : next) {
            if (!live.contains(invocation.instanceId)) {
                finish(invocation, InvocationEvent.CANCEL, TARGET_DEREGISTERED);
            } else if (drivers.forKind(invocation.driver).isEmpty()) {
                finish(invocation, InvocationEvent.FAIL, "no driver for " + invocation.driver + " targets");
            } else {
                byDriver.computeIfAbsent(invocation.driver, d -> new ArrayList<>()).add(invocation);
            }
        }
        // The commands are sent after commit (RolloutEngine): the invocation rows are the outbox.
        byDriver.values().forEach(invocations -> invocations.forEach(i -> queued(i, UUID.randomUUID())));
        return Uni.createFrom().voidItem();
    }

    private void queued(InvocationEntity invocation, UUID commandId) {
        invocation.commandId = commandId;
        invocation.on(InvocationEvent.QUEUE);
        invocation.statusReason = null;
        invocation.queuedAt = now;
        invocation.updatedAt = now;
        journal.invocation(invocation, Map.of("attempt", invocation.attempt));
        toSend.computeIfAbsent(invocation.driver, d -> new ArrayList<>())
                .add(IssuedCommands.of(invocation, deployment,
                        RolloutDecision.reportLimitSeconds(strategy, reportGraceSeconds)));
    }
}
