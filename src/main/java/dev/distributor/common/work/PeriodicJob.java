package dev.distributor.common.work;

import java.time.Duration;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Runs a job every period, measured from the end of one run to the start of the next, so runs never overlap on a
 * replica; {@link #kick} asks for a run within the job's wake delay, or for one more right after the run under way
 * (however many kicks came during it). A failed run is logged; the next one retries.
 *
 * <p>
 * A Vert.x timer rather than {@code @Scheduled}: Quarkus's simple scheduler checks its triggers once a second and runs
 * an {@code every} below one second late ("An every() value less than 1000 ms is not supported"), so a period of
 * 250 ms would silently become one of about a second. Used by the rollout engine's ticks and the SSM driver's sender
 * and poller.
 */
public final class PeriodicJob {

    private static final Logger LOG = Logger.getLogger(PeriodicJob.class);

    private final Vertx vertx;
    private final String name;
    private final long periodMillis;
    private final long wakeMillis;
    private final Supplier<Uni<?>> job;

    // Guarded by this: whether the job runs, a run is under way, one more was asked for during it, and the pending
    // timer (its id and when it fires, in System.nanoTime()).
    private boolean running;
    private boolean busy;
    private boolean again;
    private long timerId = -1;
    private long timerDue;

    /**
     * @param name names the job in the log line of a failed run
     * @param period the pause between the end of a run and the start of the next
     * @param wake how soon a {@link #kick} runs the job (a short delay gathers a burst of kicks into one run)
     */
    public PeriodicJob(Vertx vertx, String name, Duration period, Duration wake, Supplier<Uni<?>> job) {
        this.vertx = vertx;
        this.name = name;
        this.periodMillis = Math.max(1, period.toMillis());
        this.wakeMillis = Math.max(1, wake.toMillis());
        this.job = job;
    }

    /** Starts the runs, the first one a period from now; nothing when started already. */
    public synchronized void start() {
        if (!running) {
            running = true;
            scheduleIn(periodMillis);
        }
    }

    /** Starts the runs as {@link #start} does, the first one within the wake delay instead of a period from now. */
    public synchronized void startNow() {
        start();
        kick();
    }

    public synchronized void stop() {
        running = false;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    /** Asks for a run within the wake delay, or right after the one under way; nothing when not started. */
    public synchronized void kick() {
        if (!running) {
            return;
        }
        if (busy) {
            again = true;
        } else if (timerId >= 0 && timerDue - System.nanoTime() > wakeMillis * 1_000_000) {
            vertx.cancelTimer(timerId);
            scheduleIn(wakeMillis);
        }
    }

    private void scheduleIn(long millis) {
        timerDue = System.nanoTime() + millis * 1_000_000;
        timerId = vertx.setTimer(millis, this::fire);
    }

    private void fire(long firedTimer) {
        synchronized (this) {
            // A timer that fired while kick() replaced it (cancelling came too late) is stale: the new one runs.
            if (firedTimer != timerId || !running || busy) {
                return;
            }
            timerId = -1;
            busy = true;
            again = false;
        }
        Uni<?> run;
        try {
            run = job.get();
        } catch (RuntimeException e) {
            run = Uni.createFrom().failure(e);
        }
        run.subscribe().with(done -> done(), failure -> {
            LOG.warnf(failure, "%s failed; the next run retries", name);
            done();
        });
    }

    private synchronized void done() {
        busy = false;
        if (running) {
            scheduleIn(again ? wakeMillis : periodMillis);
        }
    }
}
