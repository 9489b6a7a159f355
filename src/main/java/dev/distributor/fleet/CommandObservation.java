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
