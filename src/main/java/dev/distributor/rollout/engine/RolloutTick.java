package dev.distributor.rollout.engine;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
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
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.TargetDriver;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.InvocationEntity;
import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.Journal;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RolloutEntity.PauseCause;
import dev.distributor.rollout.domain.RolloutEntity.WaitingFor;
import dev.distributor.rollout.domain.RolloutState;
import dev.distributor.rollout.domain.Strategy;

/**
 * One pass of the engine over one rollout, inside the transaction that holds the rollout's row lock: apply what the
 * drivers observed, give up invocations past their timeouts, check the error budget, finish or advance the wave,
 * dispatch up to the concurrency limit, and finish the run. Commands are recorded here and sent after commit.
 */
final class RolloutTick {

    private final Mutiny.Session session;
    private final RolloutEntity rollout;
    private final DeploymentEntity deployment;
    private final Drivers drivers;
    private final Withdrawals withdrawals;
    private final long reportGraceSeconds;
    private final OffsetDateTime now;
    private final Journal journal;
    private final Map<String, List<UUID>> toSend = new HashMap<>();

    RolloutTick(Mutiny.Session session, RolloutEntity rollout, DeploymentEntity deployment, Drivers drivers,
            Withdrawals withdrawals, long reportGraceSeconds, OffsetDateTime now) {
        this.session = session;
        this.rollout = rollout;
        this.deployment = deployment;
        this.drivers = drivers;
        this.withdrawals = withdrawals;
        this.reportGraceSeconds = reportGraceSeconds;
        this.now = now;
        this.journal = new Journal(rollout, now);
    }

    /** Runs the pass; the result names the commands to send, by driver, once the transaction committed. */
    Uni<Map<String, List<UUID>>> run() {
        return reconcileOpen()
                .chain(session::flush)
                .chain(() -> Counts.of(session, rollout.id))
                .chain(this::drive)
                .chain(() -> {
                    // Every pass, not only one that changed something: the engine takes the least recently driven
                    // rollouts first, so runs that wait (for approval, on an offline host) go to the back of the queue
                    // instead of filling every tick's batch while newer runs starve.
                    rollout.updatedAt = now;
                    return journal.write(session);
                })
                .replaceWith(toSend);
    }

    // ------------------------------------------------------------------ what hosts reported, and timeouts

    private Uni<Void> reconcileOpen() {
        return session.createSelectionQuery(
                "from InvocationEntity where rolloutId = :id and status in (:queued, :running)",
                InvocationEntity.class)
                .setParameter("id", rollout.id)
                .setParameter("queued", InvocationStatus.QUEUED)
                .setParameter("running", InvocationStatus.IN_PROGRESS)
                .getResultList()
                .chain(open -> {
                    Map<String, List<InvocationEntity>> byDriver = open.stream()
                            .collect(Collectors.groupingBy(i -> i.driver));
                    return Multi.createFrom().iterable(byDriver.entrySet())
                            .onItem().transformToUniAndConcatenate(entry -> reconcile(entry.getKey(),
                                    entry.getValue()))
                            .collect().last()
                            .replaceWithVoid();
                });
    }

    private Uni<Void> reconcile(String driverKind, List<InvocationEntity> open) {
        TargetDriver driver = drivers.forKind(driverKind).orElse(null);
        if (driver == null) {
            open.forEach(i -> finish(i, InvocationStatus.FAILED, "no driver for " + driverKind + " targets"));
            return Uni.createFrom().voidItem();
        }
        Map<UUID, InvocationEntity> byCommand = new HashMap<>();
        open.forEach(i -> byCommand.put(i.commandId, i));
        return driver.observe(session, byCommand.keySet())
                .chain(observed -> {
                    List<InvocationEntity> undelivered = new ArrayList<>();
                    List<UUID> silent = new ArrayList<>();
                    for (CommandObservation command : observed) {
                        InvocationEntity invocation = byCommand.get(command.commandId());
                        apply(invocation, command);
                        if (invocation.status == InvocationStatus.QUEUED && deliveryExpired(invocation)) {
                            undelivered.add(invocation);
                        }
                        if (invocation.status == InvocationStatus.IN_PROGRESS && reportOverdue(invocation)) {
                            finish(invocation, InvocationStatus.TIMED_OUT, "no final report within "
                                    + reportLimitSeconds() + " s of the start");
                            silent.add(invocation.commandId);
                        }
                    }
                    return driver.abandon(session, silent)
                            .chain(() -> withdrawals.withdrawQueued(session, undelivered))
                            .invoke(withdrawn -> undelivered.stream()
                                    .filter(i -> withdrawn.contains(i.commandId))
                                    .forEach(i -> finish(i, InvocationStatus.TIMED_OUT, "not delivered within "
                                            + deployment.deliveryTimeoutSeconds + " s (target offline?)")));
                })
                .replaceWithVoid();
    }

    private void apply(InvocationEntity invocation, CommandObservation command) {
        if (command.finished()) {
            invocation.exitCode = command.exitCode();
            invocation.rebootRequired = command.rebootRequired();
            invocation.step = command.step();
            invocation.output = command.output();
            invocation.startedAt = command.startedAt() == null ? invocation.startedAt : command.startedAt();
            String reason = command.state().equals("SUCCESS") ? null : command.step();
            finish(invocation, InvocationStatus.valueOf(command.state()), reason);
            if (command.finishedAt() != null) {
                invocation.finishedAt = command.finishedAt();
            }
            return;
        }
        if (command.state().equals("IN_PROGRESS") && invocation.status == InvocationStatus.QUEUED) {
            invocation.status = InvocationStatus.IN_PROGRESS;
            invocation.startedAt = command.startedAt() == null ? now : command.startedAt();
            invocation.step = command.step();
            invocation.updatedAt = now;
            journal.invocation(invocation, Map.of());
        }
    }

    private boolean deliveryExpired(InvocationEntity invocation) {
        return invocation.queuedAt.plusSeconds(deployment.deliveryTimeoutSeconds).isBefore(now);
    }

    /** Scripts an invocation may run, each under the command timeout: a reinstall may uninstall, install, roll back. */
    private long reportLimitSeconds() {
        return (long) deployment.commandTimeoutSeconds * deployment.scriptsPerInvocation() + reportGraceSeconds;
    }

    private boolean reportOverdue(InvocationEntity invocation) {
        return invocation.startedAt != null && invocation.startedAt.plusSeconds(reportLimitSeconds()).isBefore(now);
    }

    private void finish(InvocationEntity invocation, InvocationStatus status, String reason) {
        invocation.status = status;
        invocation.statusReason = reason;
        invocation.finishedAt = now;
        invocation.updatedAt = now;
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

    private Uni<Void> drive(Counts counts) {
        if (rollout.state != RolloutState.RUNNING) {
            return Uni.createFrom().voidItem();
        }
        int errors = counts.errors() - rollout.errorsAcknowledged;
        if (errors > rollout.maxErrors) {
            return trip(PauseCause.MAX_ERRORS,
                    errors + " failed or timed out, more than maxErrors (" + rollout.maxErrors
                            + ")");
        }
        if (rollout.waitingFor == WaitingFor.TIMER && !rollout.nextWaveAt.isAfter(now)) {
            advance();
        }
        if (rollout.waitingFor != null) {
            return Uni.createFrom().voidItem();
        }
        int wave = rollout.currentWave;
        if (counts.unfinishedUpTo(wave) == 0) {
            if (wave > 0 && wave > rollout.waveAccepted
                    && counts.successPercent(wave) < deployment.waveSuccessPercent) {
                return trip(PauseCause.WAVE_THRESHOLD, "wave " + wave + ": " + counts.successPercent(wave)
                        + "% succeeded, below waveSuccessPercent (" + deployment.waveSuccessPercent + "%)");
            }
            if (wave < rollout.waveCount()) {
                journal.rollout("WAVE_COMPLETED", Map.of("wave", wave, "successPercent",
                        counts.successPercent(wave)));
                if (!waitBeforeNextWave()) {
                    return Uni.createFrom().voidItem();
                }
                advance();
            } else if (counts.unfinished() == 0) {
                return succeed(counts);
            }
        }
        return dispatch(counts.open());
    }

    /** Starts waiting for approval or for the pause; returns true when the next wave may start now. */
    private boolean waitBeforeNextWave() {
        if (deployment.manualApproval) {
            rollout.waitingFor = WaitingFor.APPROVAL;
            journal.rollout("WAITING_FOR_APPROVAL", Map.of("nextWave", rollout.currentWave + 1));
            return false;
        }
        if (deployment.pauseBetweenWavesSeconds > 0) {
            rollout.waitingFor = WaitingFor.TIMER;
            rollout.nextWaveAt = now.plusSeconds(deployment.pauseBetweenWavesSeconds);
            journal.rollout("WAITING_BETWEEN_WAVES", Map.of("nextWave", rollout.currentWave + 1, "nextWaveAt",
                    rollout.nextWaveAt.toString()));
            return false;
        }
        return true;
    }

    private void advance() {
        rollout.currentWave++;
        rollout.waitingFor = null;
        rollout.nextWaveAt = null;
        journal.rollout("WAVE_STARTED", Map.of("wave", rollout.currentWave));
    }

    private Uni<Void> succeed(Counts counts) {
        rollout.state = RolloutState.SUCCEEDED;
        int cancelled = counts.total(InvocationStatus.CANCELLED);
        rollout.stateReason = counts.total(InvocationStatus.SUCCESS) + " succeeded, " + counts.errors()
                + " failed or timed out, " + counts.total(InvocationStatus.SKIPPED) + " skipped"
                + (cancelled > 0 ? ", " + cancelled + " cancelled" : "");
        rollout.finishedAt = now;
        journal.rollout("ROLLOUT_SUCCEEDED", Map.of());
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> trip(PauseCause cause, String reason) {
        if (deployment.onFailure == Strategy.OnFailure.PAUSE) {
            rollout.state = RolloutState.PAUSED;
            rollout.pauseCause = cause;
            rollout.stateReason = reason;
            journal.rollout("ROLLOUT_PAUSED", Map.of("cause", cause.name(), "reason", reason));
            return Uni.createFrom().voidItem();
        }
        rollout.state = RolloutState.FAILED;
        rollout.stateReason = reason;
        rollout.finishedAt = now;
        journal.rollout("ROLLOUT_FAILED", Map.of("cause", cause.name(), "reason", reason));
        return withdrawals.cancelUnstarted(session, rollout, journal, now, Withdrawals.STOPPED + reason);
    }

    private Uni<Void> dispatch(int open) {
        int slots = rollout.maxConcurrency - open;
        if (slots <= 0) {
            return Uni.createFrom().voidItem();
        }
        // A target with an invocation out for the same package in any rollout waits (one out per target+package).
        // It also waits while a rollout started earlier, still running or paused, has yet to run it there: rollouts
        // of one package reach each target in the order they started, so the later one's version is what stays.
        return session.createNativeQuery("""
                select i.* from invocation i
                where i.rollout_id = :id and i.status = 'PENDING' and i.wave between 1 and :wave
                  and not exists (select 1 from invocation o where o.instance_id = i.instance_id
                                    and o.package_name = i.package_name and o.status in ('QUEUED', 'IN_PROGRESS'))
                  and not exists (select 1 from invocation e join rollout er on er.id = e.rollout_id
                                  where e.instance_id = i.instance_id and e.package_name = i.package_name
                                    and e.status = 'PENDING' and er.state in ('RUNNING', 'PAUSED')
                                    and (er.started_at < :startedAt or (er.started_at = :startedAt and er.id < :id)))
                order by i.wave, i.position
                limit :slots
                """, InvocationEntity.class)
                .setParameter("id", rollout.id)
                .setParameter("startedAt", rollout.startedAt)
                .setParameter("wave", rollout.currentWave)
                .setParameter("slots", slots)
                .getResultList()
                .chain(next -> next.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : registered(next).chain(live -> record(next, live)));
    }

    private Uni<Set<String>> registered(List<InvocationEntity> invocations) {
        return session.createNativeQuery("""
                select instance_id from target where instance_id in (:ids) and deregistered_at is null
                """, String.class)
                .setParameter("ids", invocations.stream().map(i -> i.instanceId).toList())
                .getResultList()
                .map(Set::copyOf);
    }

    /** Records the commands of every dispatched invocation, one statement per driver and batch (issue 21). */
    private Uni<Void> record(List<InvocationEntity> next, Set<String> live) {
        Map<String, List<InvocationEntity>> byDriver = new LinkedHashMap<>();
        for (InvocationEntity invocation : next) {
            if (!live.contains(invocation.instanceId)) {
                finish(invocation, InvocationStatus.FAILED, "target deregistered");
            } else if (drivers.forKind(invocation.driver).isEmpty()) {
                finish(invocation, InvocationStatus.FAILED, "no driver for " + invocation.driver + " targets");
            } else {
                byDriver.computeIfAbsent(invocation.driver, d -> new ArrayList<>()).add(invocation);
            }
        }
        return Multi.createFrom().iterable(byDriver.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> {
                    TargetDriver driver = drivers.forKind(entry.getKey()).orElseThrow();
                    List<InvocationEntity> invocations = entry.getValue();
                    List<CommandSpec> specs = invocations.stream().map(this::spec).toList();
                    return driver.recordAll(session, specs).invoke(ids -> {
                        for (int i = 0; i < invocations.size(); i++) {
                            queued(invocations.get(i), ids.get(i));
                        }
                    });
                })
                .collect().last()
                .replaceWithVoid();
    }

    private CommandSpec spec(InvocationEntity invocation) {
        // CommandSpec (fleet) carries names, so drivers need not know the rollout feature's enums.
        return new CommandSpec(invocation.instanceId, deployment.action.name(), deployment.installType.name(),
                invocation.packageName, invocation.version, invocation.fileSha256, invocation.fileSize,
                invocation.previousVersion, invocation.previousFileSha256, deployment.arguments,
                deployment.commandTimeoutSeconds, deployment.rebootAllowed);
    }

    private void queued(InvocationEntity invocation, UUID commandId) {
        invocation.commandId = commandId;
        invocation.status = InvocationStatus.QUEUED;
        invocation.statusReason = null;
        invocation.queuedAt = now;
        invocation.updatedAt = now;
        journal.invocation(invocation, Map.of("attempt", invocation.attempt));
        toSend.computeIfAbsent(invocation.driver, d -> new ArrayList<>()).add(commandId);
    }
}
