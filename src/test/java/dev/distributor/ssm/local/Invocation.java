package dev.distributor.ssm.local;

import java.time.Duration;
import java.time.Instant;

/**
 * One command on one instance, as SSM tracks it: Pending → InProgress → Success | Failed | TimedOut | Cancelled (or
 * Pending → TimedOut on a delivery timeout, Pending → Cancelled). Guarded by its own monitor; the terminal states
 * never change again.
 */
final class Invocation {

    final SentCommand command;
    final String instanceId;
    /** Orders invocations across commands: later sends have larger numbers. */
    final long sequence;
    final Instant startableAt;
    final int executionTimeoutSeconds;

    private String status = "Pending";
    private String statusDetails = "Pending";
    private int responseCode = -1;
    private Instant startedAt;
    private Instant endedAt;
    private String stdout = "";
    private String stderr = "";
    private ShellRun running;
    private boolean cancelRequested;

    Invocation(SentCommand command, String instanceId, long sequence, Duration startDelay,
            int executionTimeoutSeconds) {
        this.command = command;
        this.instanceId = instanceId;
        this.sequence = sequence;
        this.startableAt = command.requestedAt().plus(startDelay);
        this.executionTimeoutSeconds = executionTimeoutSeconds;
    }

    /** A consistent copy for answers. */
    record View(String status, String statusDetails, int responseCode, Instant startedAt, Instant endedAt,
            String stdout, String stderr) {
    }

    synchronized View view() {
        return new View(status, statusDetails, responseCode, startedAt, endedAt, stdout, stderr);
    }

    synchronized boolean pending() {
        return "Pending".equals(status);
    }

    synchronized boolean finished() {
        return !"Pending".equals(status) && !"InProgress".equals(status);
    }

    /** Pending → InProgress; false when it is not Pending any more (cancelled meanwhile). */
    synchronized boolean begin() {
        if (!pending()) {
            return false;
        }
        status = "InProgress";
        statusDetails = "InProgress";
        startedAt = Instant.now();
        return true;
    }

    /** Records the run now going on, or false when a cancel came first (the run must not start). */
    synchronized boolean running(ShellRun run) {
        if (cancelRequested) {
            return false;
        }
        running = run;
        return true;
    }

    synchronized void finish(String status, String details, int responseCode, String stdout, String stderr) {
        if (finished()) {
            return;
        }
        this.status = status;
        this.statusDetails = details;
        this.responseCode = responseCode;
        this.stdout = stdout;
        this.stderr = stderr;
        this.endedAt = Instant.now();
        this.running = null;
    }

    /** Pending past the delivery timeout: TimedOut, DeliveryTimedOut. */
    synchronized void deliveryTimedOut() {
        if (pending()) {
            finish("TimedOut", "DeliveryTimedOut", -1, "", "");
        }
    }

    /** CancelCommand: Pending → Cancelled now; InProgress → its process tree killed, Cancelled when it ends. */
    synchronized void cancel() {
        if (pending()) {
            finish("Cancelled", "Cancelled", -1, "", "");
        } else if (!finished()) {
            cancelRequested = true;
            if (running != null) {
                running.cancel();
            }
        }
    }

    synchronized boolean cancelRequested() {
        return cancelRequested;
    }
}
