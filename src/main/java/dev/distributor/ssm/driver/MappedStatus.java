package dev.distributor.ssm.driver;

/**
 * An SSM invocation status translated into ours ({@link dev.distributor.fleet.CommandObservation}'s states).
 *
 * @param status QUEUED, IN_PROGRESS, SUCCESS, FAILED, TIMED_OUT or CANCELLED
 * @param step the step that failed, as the one-shot agent told, or {@code ssm:<SSM's StatusDetails>} when SSM itself
 *        ended the command; null for a success and for a command we withdrew
 * @param output SSM's status line, then the stdout and stderr tails (at most {@link SsmStatusMapping#OUTPUT_LIMIT}
 *        characters); null while the command is not finished
 */
public record MappedStatus(String status, Integer exitCode, String step, boolean rebootRequired, String output) {

    public boolean finished() {
        return dev.distributor.fleet.CommandObservation.FINISHED.contains(status);
    }
}
