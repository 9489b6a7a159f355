package dev.distributor.rollout.domain;

import java.util.Set;

/**
 * PENDING -> QUEUED -> IN_PROGRESS (-> REBOOTING) -> SUCCESS | FAILED | TIMED_OUT | CANCELLED; SKIPPED from the plan.
 * REBOOTING: the script succeeded and asked for a reboot the strategy allows; the host reboots and reports the final
 * state after its boot. It is out (unfinished), never an error nor a success.
 */
public enum InvocationStatus {
    PENDING, QUEUED, IN_PROGRESS, REBOOTING, SUCCESS, FAILED, TIMED_OUT, CANCELLED, SKIPPED;

    /** Sent to the host and not finished: what maxConcurrency limits and waves wait for. */
    public static final Set<InvocationStatus> OUT = Set.of(QUEUED, IN_PROGRESS, REBOOTING);
    public static final Set<InvocationStatus> ERRORS = Set.of(FAILED, TIMED_OUT);

    public boolean finished() {
        return this != PENDING && !OUT.contains(this);
    }
}
