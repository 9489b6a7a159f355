package dev.distributor.rollout.domain;

import static dev.distributor.rollout.domain.RolloutEvent.ADVANCE_WAVE;
import static dev.distributor.rollout.domain.RolloutEvent.APPROVE_WAVE;
import static dev.distributor.rollout.domain.RolloutEvent.CANCEL;
import static dev.distributor.rollout.domain.RolloutEvent.PAUSE;
import static dev.distributor.rollout.domain.RolloutEvent.PUT_BACK;
import static dev.distributor.rollout.domain.RolloutEvent.RESUME;
import static dev.distributor.rollout.domain.RolloutEvent.RETRY;
import static dev.distributor.rollout.domain.RolloutEvent.ROLLBACK;
import static dev.distributor.rollout.domain.RolloutEvent.ROLLBACK_FAILED;
import static dev.distributor.rollout.domain.RolloutEvent.ROLLBACK_SUCCEEDED;
import static dev.distributor.rollout.domain.RolloutEvent.START;
import static dev.distributor.rollout.domain.RolloutEvent.SUCCEED;
import static dev.distributor.rollout.domain.RolloutEvent.THRESHOLD_TRIPPED_PAUSE;
import static dev.distributor.rollout.domain.RolloutEvent.THRESHOLD_TRIPPED_ROLLBACK;
import static dev.distributor.rollout.domain.RolloutEvent.THRESHOLD_TRIPPED_STOP;
import static dev.distributor.rollout.domain.RolloutState.CANCELLED;
import static dev.distributor.rollout.domain.RolloutState.FAILED;
import static dev.distributor.rollout.domain.RolloutState.PAUSED;
import static dev.distributor.rollout.domain.RolloutState.PLANNED;
import static dev.distributor.rollout.domain.RolloutState.ROLLED_BACK;
import static dev.distributor.rollout.domain.RolloutState.RUNNING;
import static dev.distributor.rollout.domain.RolloutState.SUCCEEDED;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * The one transition table of a rollout (docs/ROLLOUTS.md, "States", draws it). Every state change of a run, by a
 * control or by the engine, asks {@link #next} first. {@link RolloutState#ROLLED_BACK} is reached twice per rollback:
 * by the rollback run that put every target back ({@code ROLLBACK_SUCCEEDED}) and, in the same transaction, by the run
 * it put back ({@code PUT_BACK}); a ROLLED_BACK run is final (no retry, no second rollback).
 */
public final class RolloutLifecycle {

    public static final Transitions<RolloutState, RolloutEvent> TABLE = new Transitions<>(RolloutState.class,
            RolloutEvent.class)
            .allow(START, RUNNING, PLANNED)
            .allow(PAUSE, PAUSED, RUNNING)
            .allow(THRESHOLD_TRIPPED_PAUSE, PAUSED, RUNNING)
            .allow(THRESHOLD_TRIPPED_STOP, FAILED, RUNNING)
            .allow(RESUME, RUNNING, PAUSED)
            .allow(CANCEL, CANCELLED, PLANNED, RUNNING, PAUSED)
            .allow(SUCCEED, SUCCEEDED, RUNNING)
            .allowStaying(ADVANCE_WAVE, RUNNING)
            // A run paused while it waited for approval may be approved: the wave starts once it is resumed.
            .allowStaying(APPROVE_WAVE, RUNNING, PAUSED)
            .allowStaying(RETRY, RUNNING, PAUSED)
            // A finished run reopens; a running or paused one stays as it is.
            .allow(RETRY, RUNNING, SUCCEEDED, FAILED)
            // onFailure ROLLBACK fails the run like a stop; the rollback run starts in the same transaction.
            .allow(THRESHOLD_TRIPPED_ROLLBACK, FAILED, RUNNING)
            // The operator's rollback stops a run still going; a finished run keeps its state until put back.
            .allow(ROLLBACK, CANCELLED, RUNNING, PAUSED)
            .allowStaying(ROLLBACK, SUCCEEDED, FAILED, CANCELLED)
            // How a rollback run ends: every target put back, or some could not be (a retry may finish the job).
            .allow(ROLLBACK_SUCCEEDED, ROLLED_BACK, RUNNING)
            .allow(ROLLBACK_FAILED, FAILED, RUNNING)
            .allow(PUT_BACK, ROLLED_BACK, SUCCEEDED, FAILED, CANCELLED);

    /** How the refusal names each control ("Cannot pause rollout ..."). */
    private static final Map<RolloutEvent, String> VERBS = new EnumMap<>(Map.of(
            START, "start", PAUSE, "pause", RESUME, "resume", CANCEL, "cancel", APPROVE_WAVE, "approve a wave of",
            RETRY, "retry failed targets of", ROLLBACK, "roll back"));

    private RolloutLifecycle() {
    }

    /**
     * The state {@code event} leads to from {@code from}.
     *
     * @throws DistributorException INVALID_STATE, with {@code extensions.state} the current state, when the event is
     *             not allowed in {@code from}; the message names the states where it is
     */
    public static RolloutState next(RolloutState from, RolloutEvent event) {
        return next(null, from, event);
    }

    /** As {@link #next(RolloutState, RolloutEvent)}, naming the rollout in the message. */
    public static RolloutState next(UUID rolloutId, RolloutState from, RolloutEvent event) {
        return TABLE.next(from, event, allowed -> refusal(rolloutId, from, event, allowed));
    }

    public static boolean allows(RolloutState from, RolloutEvent event) {
        return TABLE.allows(from, event);
    }

    private static DistributorException refusal(UUID rolloutId, RolloutState from, RolloutEvent event,
            List<RolloutState> allowed) {
        String verb = VERBS.getOrDefault(event, "apply " + event + " to");
        return new DistributorException(ErrorCode.INVALID_STATE, "Cannot " + verb + " rollout"
                + (rolloutId == null ? "" : " " + rolloutId) + ": it is " + from + " (possible when " + allowed + ").",
                Map.of("state", from.name()));
    }
}
