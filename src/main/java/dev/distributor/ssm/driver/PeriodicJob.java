package dev.distributor.ssm.driver;

import java.time.Duration;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Runs a job every period, measured from the end of one run to the start of the next, so runs never overlap on a
 * replica; {@link #kick} asks for a run now (or right after the one under way). A Vert.x timer rather than
 * {@code @Scheduled}, for the reason {@code rollout.engine.RolloutTicker} gives: the simple scheduler runs periods
 * below one second late, and the tests poll SSM every 300 ms. A failed run is logged; the next one retries.
 */
final class PeriodicJob {

    private static final Logger LOG = Logger.getLogger(PeriodicJob.class);

    private final Vertx vertx;
    private final String name;
    private final long periodMillis;
    private final Supplier<Uni<?>> job;

    // Guarded by this.
    private boolean running;
    private boolean busy;
    private boolean again;
    private long timerId = -1;

    PeriodicJob(Vertx vertx, String name, Duration period, Supplier<Uni<?>> job) {
        this.vertx = vertx;
        this.name = name;
        this.periodMillis = Math.max(1, period.toMillis());
        this.job = job;
    }

    synchronized void start() {
        if (!running) {
            running = true;
            scheduleIn(periodMillis);
        }
    }

    synchronized void stop() {
        running = false;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    /** Runs the job at once, or once more right after the run under way; nothing when not started. */
    synchronized void kick() {
        if (!running) {
            return;
        }
        if (busy) {
            again = true;
        } else {
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
            }
            scheduleIn(1);
        }
    }

    private void scheduleIn(long millis) {
        timerId = vertx.setTimer(millis, this::fire);
    }

    private void fire(long firedTimer) {
        synchronized (this) {
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
            scheduleIn(again ? 1 : periodMillis);
        }
    }
}
