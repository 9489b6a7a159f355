package dev.distributor.rollout.engine;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

import dev.distributor.common.db.Notifications;
import dev.distributor.common.work.PeriodicJob;
import dev.distributor.common.work.StartupGate;
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
 * A {@link PeriodicJob} (a Vert.x timer, not {@code @Scheduled}, which runs periods below a second late). A failed tick
 * is logged; the next one retries.
 */
@ApplicationScoped
public class RolloutTicker {

    /** The pause between a report and the tick it asks for: it gathers a burst of reports into one tick. */
    static final long WAKE_MILLIS = 10;

    private final Notifications notifications;
    private final PeriodicJob ticks;

    public RolloutTicker(Vertx vertx, RolloutEngine engine, Notifications notifications, RolloutConfig config) {
        this.notifications = notifications;
        this.ticks = new PeriodicJob(vertx, "Rollout engine tick", config.tick(), Duration.ofMillis(WAKE_MILLIS),
                engine::tick);
    }

    void start(@Observes StartupEvent event, StartupGate gate) {
        // After a LISTEN reconnect, reports may have been missed: tick now rather than at the period.
        notifications.listen(DriverReports.CHANNEL, commandId -> wake(), this::wake);
        gate.whenOpen(ticks::start);
    }

    void stop(@Observes ShutdownEvent event) {
        ticks.stop();
    }

    /** Asks for a tick within {@value #WAKE_MILLIS} ms, or right after the one under way. */
    public void wake() {
        ticks.kick();
    }
}
