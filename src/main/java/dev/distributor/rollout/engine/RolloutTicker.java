package dev.distributor.rollout.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

import dev.distributor.common.db.Notifications;
import dev.distributor.fleet.DriverReports;
import dev.distributor.rollout.RolloutConfig;

/**
 * Runs {@link RolloutEngine#tick} every {@code distributor.rollout.tick} ({@code DISTRIBUTOR_ROLLOUT_TICK}), measured
 * from the end of one tick to the start of the next, so ticks never overlap on a replica; and sooner, {@value #WAKE_MILLIS}
 * ms after a driver announces a report on {@link DriverReports#CHANNEL} from any replica, so a host's final report moves
 * its rollout at once rather than at the next period. Reports that arrive during a tick ask for one more tick right
 * after it, however many they are.
 *
 * <p>
 * A Vert.x timer rather than {@code @Scheduled}: Quarkus's simple scheduler checks its triggers once a second and runs
 * an {@code every} below one second late ("An every() value less than 1000 ms is not supported"), so a tick of 250 ms
 * silently became one of about a second. A failed tick is logged; the next one retries.
 */
@ApplicationScoped
public class RolloutTicker {

    /** The pause between a report and the tick it asks for: it gathers a burst of reports into one tick. */
    static final long WAKE_MILLIS = 10;

    private static final Logger LOG = Logger.getLogger(RolloutTicker.class);

    private final Vertx vertx;
    private final RolloutEngine engine;
    private final Notifications notifications;
    private final long periodMillis;

    // Guarded by this: whether the service runs, a tick is under way, one more was asked for during it, and the
    // pending timer (its id and when it fires, in System.nanoTime()).
    private boolean running;
    private boolean ticking;
    private boolean again;
    private long timerId = -1;
    private long timerDue;

    public RolloutTicker(Vertx vertx, RolloutEngine engine, Notifications notifications, RolloutConfig config) {
        this.vertx = vertx;
        this.engine = engine;
        this.notifications = notifications;
        this.periodMillis = Math.max(1, config.tick().toMillis());
    }

    void start(@Observes StartupEvent event) {
        // After a LISTEN reconnect, reports may have been missed: tick now rather than at the period.
        notifications.listen(DriverReports.CHANNEL, commandId -> wake(), this::wake);
        synchronized (this) {
            running = true;
            scheduleIn(periodMillis);
        }
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        running = false;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    /** Asks for a tick within {@value #WAKE_MILLIS} ms, or right after the one under way. */
    public synchronized void wake() {
        if (!running) {
            return;
        }
        if (ticking) {
            again = true;
        } else if (timerId >= 0 && timerDue - System.nanoTime() > WAKE_MILLIS * 1_000_000) {
            vertx.cancelTimer(timerId);
            scheduleIn(WAKE_MILLIS);
        }
    }

    private void scheduleIn(long millis) {
        timerDue = System.nanoTime() + millis * 1_000_000;
        timerId = vertx.setTimer(millis, this::tick);
    }

    private void tick(long firedTimer) {
        synchronized (this) {
            // A timer that fired while wake() replaced it (cancelling came too late) is stale: the new one ticks.
            if (firedTimer != timerId || !running || ticking) {
                return;
            }
            timerId = -1;
            ticking = true;
            again = false;
        }
        engine.tick().subscribe().with(
                driven -> ticked(),
                failure -> {
                    LOG.warn("Rollout engine tick failed; the next tick retries", failure);
                    ticked();
                });
    }

    private synchronized void ticked() {
        ticking = false;
        if (running) {
            scheduleIn(again ? WAKE_MILLIS : periodMillis);
        }
    }
}
