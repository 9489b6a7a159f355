package dev.distributor.rollout.domain;

import static dev.distributor.rollout.domain.InvocationEvent.CANCEL;
import static dev.distributor.rollout.domain.InvocationEvent.FAIL;
import static dev.distributor.rollout.domain.InvocationEvent.QUEUE;
import static dev.distributor.rollout.domain.InvocationEvent.REBOOT;
import static dev.distributor.rollout.domain.InvocationEvent.RETRY;
import static dev.distributor.rollout.domain.InvocationEvent.START;
import static dev.distributor.rollout.domain.InvocationEvent.SUCCEED;
import static dev.distributor.rollout.domain.InvocationEvent.TIME_OUT;
import static dev.distributor.rollout.domain.InvocationEvent.WITHDRAW;
import static dev.distributor.rollout.domain.InvocationStatus.CANCELLED;
import static dev.distributor.rollout.domain.InvocationStatus.FAILED;
import static dev.distributor.rollout.domain.InvocationStatus.IN_PROGRESS;
import static dev.distributor.rollout.domain.InvocationStatus.PENDING;
import static dev.distributor.rollout.domain.InvocationStatus.QUEUED;
import static dev.distributor.rollout.domain.InvocationStatus.REBOOTING;
import static dev.distributor.rollout.domain.InvocationStatus.SUCCESS;
import static dev.distributor.rollout.domain.InvocationStatus.TIMED_OUT;

import java.util.Map;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * The one transition table of an invocation (docs/ROLLOUTS.md draws it). An invocation starts PENDING, or SKIPPED
 * when the plan skips its target (SKIPPED has no way out). A command may finish before the engine saw it running, so
 * every final report is allowed from QUEUED as well as IN_PROGRESS.
 */
public final class InvocationLifecycle {

    public static final Transitions<InvocationStatus, InvocationEvent> TABLE = new Transitions<>(
            InvocationStatus.class, InvocationEvent.class)
            .allow(QUEUE, QUEUED, PENDING)
            .allow(START, IN_PROGRESS, QUEUED)
            // REBOOTING waits for the host's report after its boot, or times out at the reboot limit.
            .allow(REBOOT, REBOOTING, QUEUED, IN_PROGRESS)
            .allow(SUCCEED, SUCCESS, QUEUED, IN_PROGRESS, REBOOTING)
            // PENDING: the engine could not send it (no driver for its kind).
            .allow(FAIL, FAILED, PENDING, QUEUED, IN_PROGRESS, REBOOTING)
            .allow(TIME_OUT, TIMED_OUT, QUEUED, IN_PROGRESS, REBOOTING)
            .allow(CANCEL, CANCELLED, PENDING, QUEUED, IN_PROGRESS, REBOOTING)
            // CANCELLED: targets a threshold's stop cancelled come back when the stopped run is retried.
            .allow(RETRY, PENDING, FAILED, TIMED_OUT, CANCELLED)
            // A pause takes back what no host started; the resumed run queues it again.
            .allow(WITHDRAW, PENDING, QUEUED);

    private InvocationLifecycle() {
    }

    /**
     * The status {@code event} leads to from {@code from}.
     *
     * @throws DistributorException INVALID_STATE, with {@code extensions.state} the current status, when the event is
     *             not allowed in {@code from}
     */
    public static InvocationStatus next(InvocationStatus from, InvocationEvent event) {
        return TABLE.next(from, event, allowed -> new DistributorException(ErrorCode.INVALID_STATE, "Cannot "
                + event + " an invocation that is " + from + " (possible when " + allowed + ").",
                Map.of("state", from.name())));
    }

    public static boolean allows(InvocationStatus from, InvocationEvent event) {
        return TABLE.allows(from, event);
    }
}
