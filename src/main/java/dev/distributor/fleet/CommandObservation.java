package dev.distributor.fleet;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * What a driver knows about one recorded command. States: QUEUED, DELIVERED, IN_PROGRESS, REBOOTING (its script
 * succeeded and the host reboots; not finished), SUCCESS, FAILED, TIMED_OUT, CANCELLED.
 *
 * @param output the output tail, only once the command finished or its host reboots
 */
public record CommandObservation(
        UUID commandId,
        String state,
        Integer exitCode,
        boolean rebootRequired,
        String step,
        String output,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt) {

    public static final Set<String> FINISHED = Set.of("SUCCESS", "FAILED", "TIMED_OUT", "CANCELLED");

    /** The step of a command a driver cancelled because its target was deregistered (it will never report). */
    public static final String TARGET_DEREGISTERED_STEP = "target-deregistered";

    /** Cancelled because its target was deregistered (see {@link #TARGET_DEREGISTERED_STEP}). */
    public boolean targetDeregistered() {
        return state.equals("CANCELLED") && TARGET_DEREGISTERED_STEP.equals(step);
    }

    public boolean finished() {
        return FINISHED.contains(state);
    }

    public boolean started() {
        return state.equals("IN_PROGRESS") || rebooting() || (finished() && startedAt != null);
    }

    /** The host reboots to finish the command; its final state comes after the boot. */
    public boolean rebooting() {
        return state.equals("REBOOTING");
    }
}
