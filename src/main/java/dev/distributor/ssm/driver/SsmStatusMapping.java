package dev.distributor.ssm.driver;

import java.util.Optional;

import dev.distributor.ssm.command.OneShotResult;

/**
 * Translates SSM's invocation status into ours; pure, no I/O.
 *
 * <p>
 * SSM's statuses (AWS API reference, "Understanding command statuses"): Pending and Delayed wait for the instance
 * (QUEUED); InProgress runs (IN_PROGRESS); Cancelling keeps our previous status (SSM may be cancelling a command that
 * never started, so it is no start); Success, Failed, TimedOut and Cancelled are final. SSM's
 * reboot (exit 194) stays InProgress throughout, so no REBOOTING is ever reported. For a finished script the one-shot
 * agent's result block on stdout ({@link OneShotResult}) is the truth, whatever SSM's status; without one (the script
 * died before printing it) SSM's status decides, with the step {@code ssm:<StatusDetails>}.
 */
public final class SsmStatusMapping {

    /** The whole output kept, as the agent driver's: AWS's own limit of StandardOutputContent. */
    public static final int OUTPUT_LIMIT = 24_000;
    /** Of it, at most this for stderr (AWS keeps the first 8,000 characters of StandardErrorContent). */
    static final int STDERR_LIMIT = 8_000;

    private SsmStatusMapping() {
    }

    /**
     * Our status of one invocation.
     *
     * @param withdrawn we asked SSM to cancel it: its Cancelled is our withdrawal (step null, as the engine expects of
     *        a withdrawn command) rather than SSM's doing ({@code ssm:Cancelled})
     */
    public static MappedStatus map(SsmInvocation invocation, boolean withdrawn) {
        return map(invocation, withdrawn, null);
    }

    /**
     * Our status of one invocation, knowing the status we last recorded for it.
     *
     * @param previous our status before this reading (QUEUED or IN_PROGRESS; null: none yet, read as QUEUED): what
     *        SSM's Cancelling maps to
     */
    public static MappedStatus map(SsmInvocation invocation, boolean withdrawn, String previous) {
        String status = invocation.status() == null ? "" : invocation.status();
        switch (status) {
            case "Pending", "Delayed" :
                return new MappedStatus("QUEUED", null, null, false, null);
            case "InProgress" :
                return new MappedStatus("IN_PROGRESS", null, null, false, null);
            case "Cancelling" :
                return new MappedStatus("IN_PROGRESS".equals(previous) ? "IN_PROGRESS" : "QUEUED", null, null, false,
                        null);
            default :
                break;
        }
        String output = output(invocation);
        Optional<OneShotResult> result = status.equals("Success") || status.equals("Failed")
                ? OneShotResult.parse(invocation.standardOutput())
                : Optional.empty();
        if (result.isPresent()) {
            OneShotResult one = result.get();
            return new MappedStatus(one.status(), one.exitCode(), one.step(), one.rebootRequired(), output);
        }
        Integer exitCode = invocation.responseCode();
        return switch (status) {
            // A script that is not the one-shot agent (or printed no result block) and exited 0.
            case "Success" -> new MappedStatus("SUCCESS", exitCode, null, false, output);
            case "TimedOut" -> new MappedStatus("TIMED_OUT", exitCode, ssmStep(invocation, "TimedOut"), false, output);
            case "Cancelled" -> new MappedStatus("CANCELLED", exitCode,
                    withdrawn ? null : ssmStep(invocation, "Cancelled"), false, output);
            // Failed, and anything SSM may add: a final status we do not know is not a success.
            default -> new MappedStatus("FAILED", exitCode, ssmStep(invocation, status), false, output);
        };
    }

    /**
     * SSM's status line ({@code [ssm] <CommandId> Failed (Failed), response code 1}), then the tail of stdout and of
     * stderr, {@value #OUTPUT_LIMIT} characters at most in all: the end of a script's output says why it stopped.
     */
    static String output(SsmInvocation invocation) {
        StringBuilder line = new StringBuilder("[ssm] ").append(invocation.ssmCommandId()).append(' ')
                .append(invocation.status());
        if (invocation.statusDetails() != null) {
            line.append(" (").append(invocation.statusDetails()).append(')');
        }
        if (invocation.responseCode() != null) {
            line.append(", response code ").append(invocation.responseCode());
        }
        line.append('\n');
        String stderr = blank(invocation.standardError()) ? "" : "[stderr]\n" + invocation.standardError();
        stderr = tail(stderr, Math.min(STDERR_LIMIT, Math.max(0, OUTPUT_LIMIT - line.length())));
        String stdout = blank(invocation.standardOutput()) ? "" : invocation.standardOutput();
        stdout = tail(stdout, Math.max(0, OUTPUT_LIMIT - line.length() - stderr.length() - 1));
        if (!stdout.isEmpty() && !stderr.isEmpty() && !stdout.endsWith("\n")) {
            stdout = stdout + "\n";
        }
        return tail(line + stdout + stderr, OUTPUT_LIMIT);
    }

    private static String ssmStep(SsmInvocation invocation, String fallback) {
        return "ssm:" + (blank(invocation.statusDetails()) ? fallback : invocation.statusDetails());
    }

    private static String tail(String text, int limit) {
        return text.length() <= limit ? text : text.substring(text.length() - limit);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
