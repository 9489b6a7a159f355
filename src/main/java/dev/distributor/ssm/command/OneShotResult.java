package dev.distributor.ssm.command;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The result the one-shot agent ({@code distributor-agent.sh --run-command}) prints first on stdout, so that SSM's
 * {@code StandardOutputContent} (its first 24,000 characters) holds it (each run prints its own; the last one counts):
 *
 * <pre>
 * --- distributor-agent result ---
 * COMMAND_ID=6f1c9e1e-...
 * STATUS=SUCCESS
 * EXIT_CODE=0
 * STEP=install
 * REBOOT_REQUIRED=false
 * AGENT_VERSION=sh-0.1.0
 * --- output ---
 * (the end of the scripts' output and the agent's notes)
 * </pre>
 *
 * docs/AGENT-PROTOCOL.md, "One-shot mode", describes it.
 *
 * @param status SUCCESS, FAILED or TIMED_OUT
 * @param exitCode the exit code of the script that decided the result; -1 when none did (a download, a check, a
 *        timeout); null when absent
 * @param step the step that decided the result (download, verify, install, validate, rollback, agent-download, ...);
 *        null when absent
 * @param rebootRequired a script exited 194 (asked for a reboot)
 * @param output what follows the block: the end of the command's output, "" when none
 */
public record OneShotResult(String status, Integer exitCode, String step, boolean rebootRequired, String output) {

    /** The first line of the block. */
    public static final String BEGIN = "--- distributor-agent result ---";

    /** The line that ends the block; the output follows it. */
    public static final String OUTPUT = "--- output ---";

    /** The statuses a finished one-shot run prints; REBOOTING (exit 194) is not final: SSM runs the commands again. */
    static final Set<String> FINAL = Set.of("SUCCESS", "FAILED", "TIMED_OUT");

    /**
     * Reads the LAST block out of an invocation's standard output: empty when there is no block (the agent never ran,
     * or its stdout was lost) or the last block's STATUS is not final. The last, since a command that asked for a
     * reboot runs twice and SSM may keep the stdout of the run before the reboot (its block says REBOOTING) ahead of
     * the run after it, whose block holds the result. Text before the block is ignored; unknown keys too.
     */
    public static Optional<OneShotResult> parse(String standardOutputContent) {
        if (standardOutputContent == null) {
            return Optional.empty();
        }
        String text = standardOutputContent.replace("\r\n", "\n");
        int last = text.lastIndexOf("\n" + BEGIN + "\n");
        int begin = last >= 0 ? last + 1 : text.startsWith(BEGIN + "\n") ? 0 : -1;
        if (begin < 0) {
            return Optional.empty();
        }
        int position = begin + BEGIN.length() + 1;
        Map<String, String> values = new HashMap<>();
        String output = "";
        while (position < text.length()) {
            int end = text.indexOf('\n', position);
            String line = end < 0 ? text.substring(position) : text.substring(position, end);
            position = end < 0 ? text.length() : end + 1;
            if (line.equals(OUTPUT)) {
                output = text.substring(position);
                break;
            }
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.putIfAbsent(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        String status = values.get("STATUS");
        if (status == null || !FINAL.contains(status)) {
            return Optional.empty();
        }
        return Optional.of(new OneShotResult(status, integer(values.get("EXIT_CODE")), blankToNull(values.get("STEP")),
                "true".equals(values.get("REBOOT_REQUIRED")), output));
    }

    private static Integer integer(String value) {
        try {
            return value == null || value.isBlank() ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
