package dev.distributor.fleet;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * What a driver knows about one recorded command. States: QUEUED, DELIVERED, IN_PROGRESS, SUCCESS, FAILED, TIMED_OUT,
 * CANCELLED.
 *
 * @param output the output tail, only once the command finished
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
        return state.equals("IN_PROGRESS") || (finished() && startedAt != null);
    }
}
