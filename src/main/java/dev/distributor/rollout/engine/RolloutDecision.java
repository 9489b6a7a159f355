package dev.distributor.rollout.engine;

import java.time.OffsetDateTime;

import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.RolloutEntity.PauseCause;
import dev.distributor.rollout.domain.RolloutEntity.WaitingFor;
import dev.distributor.rollout.domain.RolloutEvent;
import dev.distributor.rollout.domain.RolloutState;

/**
 * What the engine does with a run on one pass, decided from the run, its strategy, its invocation counts and the time
 * alone: no database, no clock, no side effect. {@link RolloutTick} loads the inputs, applies the {@link Decision}
 * through the lifecycle tables and journals it; tests call {@link #decide} directly.
 */
public final class RolloutDecision {

    private RolloutDecision() {
    }

    /**
     * What to do, applied in this order: start the next wave if the pause between waves is over; journal the wave
     * completed; trip, or start waiting, or start the next wave; succeed; dispatch.
     *
     * @param timerOver the pause between waves is over: the next wave starts first
     * @param trip the run trips a threshold (nothing after it happens)
     * @param waveCompleted the current wave completed and passed
     * @param waitFor the run starts waiting before the next wave
     * @param startNextWave the next wave starts at once
     * @param succeedReason the run succeeds, with this state reason
     * @param dispatchSlots PENDING invocations of the waves started so far to dispatch, at most
     */
    public record Decision(
            boolean timerOver,
            Trip trip,
            WaveCompleted waveCompleted,
            Wait waitFor,
            boolean startNextWave,
            String succeedReason,
            int dispatchSlots) {

        public static final Decision NOTHING = new Decision(false, null, null, null, false, null, 0);

        public boolean nothing() {
            return equals(NOTHING);
        }
    }

    /** A tripped threshold: {@code event} is THRESHOLD_TRIPPED_PAUSE, THRESHOLD_TRIPPED_STOP or _ROLLBACK. */
    public record Trip(RolloutEvent event, PauseCause cause, String reason) {
    }

    /** A completed wave and the percent of its attempted invocations that succeeded. */
    public record WaveCompleted(int wave, int successPercent) {
    }

    /** A wait before wave {@code nextWave}: for approval ({@code until} null) or for the timer until {@code until}. */
    public record Wait(WaitingFor kind, int nextWave, OffsetDateTime until) {
    }

    /**
     * The decision for one pass over a run of a deployment with maintenance windows: outside every window ({@code
     * windowOpen} false) no new invocation starts (no dispatch slots). Everything else is decided as always, so
     * invocations already out finish and report, thresholds trip, waves complete, waits begin and the run may succeed;
     * a pause between waves or a wait for approval is not changed by a window.
     *
     * @param windowOpen a maintenance window of the deployment is open now, or it has none
     */
    public static Decision decide(RolloutView rollout, StrategyView strategy, Counts counts, OffsetDateTime now,
            boolean windowOpen) {
        Decision decision = decide(rollout, strategy, counts, now);
        if (windowOpen || decision.dispatchSlots() == 0) {
            return decision;
        }
        return new Decision(decision.timerOver(), decision.trip(), decision.waveCompleted(), decision.waitFor(),
                decision.startNextWave(), decision.succeedReason(), 0);
    }

    /**
     * Whether a closed maintenance window holds the run after {@code decision}: it stays RUNNING, waits for nothing
     * else (no approval, no timer), and invocations of the waves started so far wait PENDING for a window to open.
     */
    public static boolean heldByWindow(RolloutView rollout, Counts counts, Decision decision, boolean windowOpen) {
        if (windowOpen || rollout.state() != RolloutState.RUNNING || decision.trip() != null
                || decision.waitFor() != null || decision.succeedReason() != null
                || rollout.waitingFor() != null && !decision.timerOver()) {
            return false;
        }
        int wave = rollout.currentWave() + (decision.timerOver() ? 1 : 0) + (decision.startNextWave() ? 1 : 0);
        for (int w = 1; w <= wave; w++) {
            if (counts.inWave(w, InvocationStatus.PENDING) > 0) {
                return true;
            }
        }
        return false;
    }

    /** The decision for one pass over a run. */
    public static Decision decide(RolloutView rollout, StrategyView strategy, Counts counts, OffsetDateTime now) {
        if (rollout.state() != RolloutState.RUNNING) {
            return Decision.NOTHING;
        }
        int errors = counts.errors() - rollout.errorsAcknowledged();
        if (errors > rollout.maxErrors()) {
            return new Decision(false, trip(strategy, PauseCause.MAX_ERRORS, maxErrorsReason(rollout, counts)), null,
                    null, false, null, 0);
        }
        boolean timerOver = rollout.waitingFor() == WaitingFor.TIMER && !rollout.nextWaveAt().isAfter(now);
        if (rollout.waitingFor() != null && !timerOver) {
            return Decision.NOTHING;
        }
        int wave = rollout.currentWave() + (timerOver ? 1 : 0);
        WaveCompleted completed = null;
        boolean startNextWave = false;
        if (counts.unfinishedUpTo(wave) == 0) {
            int percent = counts.successPercent(wave);
            // Failures a resume accepted do not trip the wave again: a run resumed after maxErrors mid-wave would
            // otherwise pause once more when that wave completes, with nothing new failed (issue 15, case 6).
            boolean failedSinceResume = counts.errors() > rollout.errorsAcknowledged();
            if (wave > 0 && wave > rollout.waveAccepted() && failedSinceResume
                    && percent < strategy.waveSuccessPercent()) {
                return new Decision(timerOver, trip(strategy, PauseCause.WAVE_THRESHOLD, waveReason(strategy,
                        counts, wave)), null, null, false, null, 0);
            }
            if (wave < rollout.waveCount()) {
                completed = new WaveCompleted(wave, percent);
                if (strategy.manualApproval()) {
                    return new Decision(timerOver, null, completed, new Wait(WaitingFor.APPROVAL, wave + 1, null),
                            false, null, 0);
                }
                if (strategy.pauseBetweenWavesSeconds() > 0) {
                    return new Decision(timerOver, null, completed, new Wait(WaitingFor.TIMER, wave + 1,
                            now.plusSeconds(strategy.pauseBetweenWavesSeconds())), false, null, 0);
                }
                startNextWave = true;
            } else if (counts.unfinished() == 0) {
                return new Decision(timerOver, null, null, null, false, succeedReason(counts), 0);
            }
        }
        int slots = Math.max(0, rollout.maxConcurrency() - counts.open());
        return new Decision(timerOver, null, completed, null, startNextWave, null, slots);
    }

    /**
     * The state reason of a run paused by a threshold, from the counts as they are now: failures that land while it is
     * paused (commands already running finish) show in it, rather than only those known when it tripped. Null for a
     * pause the operator asked for, whose reason names who paused.
     */
    public static String pauseReason(RolloutView rollout, StrategyView strategy, Counts counts, PauseCause cause) {
        if (cause == PauseCause.MAX_ERRORS) {
            return maxErrorsReason(rollout, counts);
        }
        return cause == PauseCause.WAVE_THRESHOLD ? waveReason(strategy, counts, rollout.currentWave()) : null;
    }

    /**
     * What a resume accepts, so that it does not trip again on the facts it accepted (docs/ROLLOUTS.md, "The
     * controls").
     *
     * @param errorsAcknowledged errors that no longer count against maxErrors
     * @param waveAccepted the last wave that counts as passed whatever its success percent
     */
    public record Accepted(int errorsAcknowledged, int waveAccepted) {
    }

    /**
     * After a threshold paused the run, a resume accepts every error known by then and, when the current wave is
     * complete (or its threshold is what tripped), the wave's success percent; a failure after the resume counts
     * again. Resuming an operator's pause accepts nothing.
     */
    public static Accepted acceptedOnResume(RolloutView rollout, Counts counts, PauseCause cause) {
        if (cause != PauseCause.MAX_ERRORS && cause != PauseCause.WAVE_THRESHOLD) {
            return new Accepted(rollout.errorsAcknowledged(), rollout.waveAccepted());
        }
        boolean waveComplete = cause == PauseCause.WAVE_THRESHOLD
                || counts.unfinishedUpTo(rollout.currentWave()) == 0;
        return new Accepted(counts.errors(),
                waveComplete ? Math.max(rollout.waveAccepted(), rollout.currentWave()) : rollout.waveAccepted());
    }

    /** The delivery timeout passed for a command queued at {@code queuedAt}: it is withdrawn, the invocation times out. */
    public static boolean deliveryExpired(StrategyView strategy, OffsetDateTime queuedAt, OffsetDateTime now) {
        return queuedAt.plusSeconds(strategy.deliveryTimeoutSeconds()).isBefore(now);
    }

    /** Seconds a started invocation may go without a final report: each step's limit, plus the grace. */
    public static long reportLimitSeconds(StrategyView strategy, long reportGraceSeconds) {
        return (long) strategy.commandTimeoutSeconds() * strategy.stepsPerInvocation() + reportGraceSeconds;
    }

    /** No final report came within {@link #reportLimitSeconds} of {@code startedAt} (null: not started). */
    public static boolean reportOverdue(StrategyView strategy, long reportGraceSeconds, OffsetDateTime startedAt,
            OffsetDateTime now) {
        return startedAt != null && startedAt.plusSeconds(reportLimitSeconds(strategy, reportGraceSeconds))
                .isBefore(now);
    }

    /**
     * A host that reported REBOOTING at {@code rebootingSince} (null: not rebooting) sent no report within {@code
     * rebootTimeoutSeconds} ({@code distributor.rollout.reboot-timeout}): it did not come back, the invocation times
     * out.
     */
    public static boolean rebootOverdue(long rebootTimeoutSeconds, OffsetDateTime rebootingSince,
            OffsetDateTime now) {
        return rebootingSince != null && rebootingSince.plusSeconds(rebootTimeoutSeconds).isBefore(now);
    }

    private static Trip trip(StrategyView strategy, PauseCause cause, String reason) {
        RolloutEvent event = switch (strategy.onFailure()) {
            case PAUSE -> RolloutEvent.THRESHOLD_TRIPPED_PAUSE;
            case STOP -> RolloutEvent.THRESHOLD_TRIPPED_STOP;
            case ROLLBACK -> RolloutEvent.THRESHOLD_TRIPPED_ROLLBACK;
        };
        return new Trip(event, cause, reason);
    }

    private static String maxErrorsReason(RolloutView rollout, Counts counts) {
        int errors = counts.errors();
        int accepted = rollout.errorsAcknowledged();
        return errors + " failed or timed out" + (accepted > 0
                ? " (" + accepted + " accepted by a resume, " + (errors - accepted) + " since)"
                : "") + ", more than maxErrors (" + rollout.maxErrors() + ")";
    }

    private static String waveReason(StrategyView strategy, Counts counts, int wave) {
        int success = counts.inWave(wave, InvocationStatus.SUCCESS);
        int attempted = success + counts.inWave(wave, InvocationStatus.FAILED)
                + counts.inWave(wave, InvocationStatus.TIMED_OUT);
        return "wave " + wave + ": " + counts.successPercent(wave) + "% succeeded (" + success + " of " + attempted
                + " attempted), below waveSuccessPercent (" + strategy.waveSuccessPercent() + "%)";
    }

    /** The state reason of a run that succeeds with these counts. */
    public static String succeedReason(Counts counts) {
        int cancelled = counts.total(InvocationStatus.CANCELLED);
        return counts.total(InvocationStatus.SUCCESS) + " succeeded, " + counts.errors() + " failed or timed out, "
                + counts.total(InvocationStatus.SKIPPED) + " skipped"
                + (cancelled > 0 ? ", " + cancelled + " cancelled" : "");
    }
}
