package dev.distributor.simulator;

import java.time.Duration;
import java.util.Random;

/**
 * The protocol's retry pause: {@code initial} doubling up to {@code max}, each pause drawn within ±50% (so agents that
 * failed together do not come back together).
 */
public record Backoff(Duration initial, Duration max) {

    /** What the protocol prescribes for real agents: 1 s doubling to 5 min. */
    public static final Backoff PROTOCOL = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + ".." + max);
        }
    }

    /** The pause after {@code failures} consecutive failures (1 for the first). */
    public Duration pause(int failures, Random random) {
        long base = initial.toMillis();
        for (int i = 1; i < failures && base < max.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, max.toMillis());
        double jitter = 0.5 + random.nextDouble();
        return Duration.ofMillis(Math.max(1, (long) (base * jitter)));
    }
}
