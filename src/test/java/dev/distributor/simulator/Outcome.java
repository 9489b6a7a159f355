package dev.distributor.simulator;

import java.time.Duration;

/**
 * How one simulated run of a command's scripts ends.
 *
 * @param status the final status reported: SUCCESS, FAILED or TIMED_OUT
 * @param exitCode the last script's exit code
 * @param rebootRequired a script exited 194 (reported as SUCCESS with REBOOT_REQUIRED=true)
 * @param duration how long the scripts "run" before the final report
 */
public record Outcome(String status, int exitCode, boolean rebootRequired, Duration duration) {

    public static final String SUCCESS = "SUCCESS";
    public static final String FAILED = "FAILED";
    public static final String TIMED_OUT = "TIMED_OUT";
    public static final String IN_PROGRESS = "IN_PROGRESS";

    /** Exit code of a script asking for a reboot on Linux. */
    public static final int REBOOT_EXIT_CODE = 194;
    /** What {@code timeout(1)} answers when it killed the scripts; the shell agent reports it with TIMED_OUT. */
    public static final int TIMEOUT_EXIT_CODE = 124;

    public boolean succeeded() {
        return SUCCESS.equals(status);
    }
}
