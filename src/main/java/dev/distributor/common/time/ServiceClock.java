package dev.distributor.common.time;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * The time rollout decisions are taken at: the database's {@code now()} (the transaction's start, the same on every
 * replica), plus an offset that is always zero in production. Tests move it forward ({@link #advance}) instead of
 * waiting for timeouts and pauses in real time; that needs {@code distributor.clock.movable}, set only in
 * {@code %test}.
 */
@ApplicationScoped
public class ServiceClock {

    private final boolean movable;
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public ServiceClock(ClockConfig config) {
        this.movable = config.movable();
    }

    /** The database's now(), plus the test offset. */
    public Uni<OffsetDateTime> now(Mutiny.Session session) {
        return session.createNativeQuery("select now()", OffsetDateTime.class)
                .getSingleResult()
                .map(now -> now.plus(offset.get()));
    }

    /**
     * Test only: moves the clock forward by {@code by} for everything that reads it from now on.
     *
     * @throws IllegalStateException when {@code distributor.clock.movable} is false (production)
     */
    public void advance(Duration by) {
        requireMovable();
        if (by.isNegative()) {
            throw new IllegalArgumentException("The clock only moves forward; reset() puts it back.");
        }
        offset.updateAndGet(current -> current.plus(by));
    }

    /**
     * Test only: back to the database's time, so a test that moved the clock leaves none of it to the next.
     *
     * @throws IllegalStateException when {@code distributor.clock.movable} is false (production)
     */
    public void reset() {
        requireMovable();
        offset.set(Duration.ZERO);
    }

    /** How far tests moved the clock (zero in production). */
    public Duration offset() {
        return offset.get();
    }

    private void requireMovable() {
        if (!movable) {
            throw new IllegalStateException("The service clock is fixed to the database's; only tests "
                    + "(distributor.clock.movable=true) may move it.");
        }
    }
}
