package dev.distributor.rollout.domain;

/**
 * What can happen to an invocation; {@link InvocationLifecycle} says in which statuses each is allowed and where it
 * leads. An invocation is created PENDING, or SKIPPED when the plan skips its target.
 */
public enum InvocationEvent {
    /** The engine recorded a command for it (dispatch). */
    QUEUE,
    /** Its host took the command and reported it running. */
    START,
    /** Its host reported that the script succeeded and asked for a reboot the strategy allows: the host reboots. */
    REBOOT,
    /** Its host reported success. */
    SUCCEED,
    /** Its host reported failure, or it could not be sent (no driver for it). */
    FAIL,
    /**
     * The host timed a script out, the command was not delivered in time, or no final report came in time (also after
     * a reboot).
     */
    TIME_OUT,
    /**
     * The run was cancelled or stopped before the invocation ran, its command was cancelled on the way, or its target
     * was deregistered (running or not: "target deregistered").
     */
    CANCEL,
    /** {@code retryFailed} puts it back to PENDING for another attempt. */
    RETRY,
    /** A pause withdrew its command before its host started it: back to PENDING, queued again once resumed. */
    WITHDRAW;

    /** The event for a command's final state as a driver reports it (SUCCESS, FAILED, TIMED_OUT, CANCELLED). */
    public static InvocationEvent reported(String commandState) {
        return switch (commandState) {
            case "SUCCESS" -> SUCCEED;
            case "FAILED" -> FAIL;
            case "TIMED_OUT" -> TIME_OUT;
            case "CANCELLED" -> CANCEL;
            default -> throw new IllegalArgumentException("not a final command state: " + commandState);
        };
    }
}
