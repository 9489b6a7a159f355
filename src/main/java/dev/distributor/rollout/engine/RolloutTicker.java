package dev.distributor.rollout.engine;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;

import dev.distributor.rollout.RolloutConfig;

/**
 * Runs {@link RolloutEngine#tick} every {@code distributor.rollout.tick} ({@code DISTRIBUTOR_ROLLOUT_TICK}), measured
 * from the end of one tick to the start of the next, so ticks never overlap on a replica.
 *
 * <p>
 * A Vert.x timer rather than {@code @Scheduled}: Quarkus's simple scheduler checks its triggers once a second and runs
 * an {@code every} below one second late ("An every() value less than 1000 ms is not supported"), so a tick of 250 ms
 * silently became one of about a second. A failed tick is logged; the next one retries.
 */
@ApplicationScoped
public class RolloutTicker {

    private static final Logger LOG = Logger.getLogger(RolloutTicker.class);

    private final Vertx vertx;
    private final RolloutEngine engine;
    private final long periodMillis;
    private final AtomicBoolean running = new AtomicBoolean();

    public RolloutTicker(Vertx vertx, RolloutEngine engine, RolloutConfig config) {
        this.vertx = vertx;
        this.engine = engine;
        this.periodMillis = Math.max(1, config.tick().toMillis());
    }

    void start(@Observes StartupEvent event) {
        running.set(true);
        scheduleNext();
    }

    void stop(@Observes ShutdownEvent event) {
        running.set(false);
    }

    private void scheduleNext() {
        if (running.get()) {
            vertx.setTimer(periodMillis, id -> tickThenScheduleNext());
        }
    }

    private void tickThenScheduleNext() {
        if (!running.get()) {
            return;
        }
        engine.tick().subscribe().with(
                driven -> scheduleNext(),
                failure -> {
                    LOG.warn("Rollout engine tick failed; the next tick retries", failure);
                    scheduleNext();
                });
    }
}
