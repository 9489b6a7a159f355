package dev.distributor.retention;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What is due for removal, decided without the database: the cutoff of each kind of data from the clock and the
 * configured ages, and how much of the start of an event journal may go. Rules: docs/OPERATIONS.md "Data retention".
 */
public final class RetentionPolicy {

    private RetentionPolicy() {
    }

    /** The kinds of data the job removes, in the order it removes them. */
    public enum Kind {
        /** Output text of finished invocations, agent commands and SSM commands. */
        OUTPUT,
        /** Fleet events and the events of finished rollouts. */
        EVENTS,
        /** Audit rows. */
        AUDIT,
        /** Artifacts (S3 object and row) named by no version for the grace period. */
        ARTIFACTS
    }

    /**
     * The instant before which data of a kind is due, or empty when that kind is kept forever (age zero).
     *
     * @throws IllegalArgumentException when {@code age} is negative
     */
    public static Optional<OffsetDateTime> cutoff(OffsetDateTime now, Duration age) {
        if (age.isNegative()) {
            throw new IllegalArgumentException("A retention age cannot be negative: " + age);
        }
        return age.isZero() ? Optional.empty() : Optional.of(now.minus(age));
    }

    /** The configured age of a kind. */
    public static Duration ageOf(Kind kind, RetentionConfig config) {
        return switch (kind) {
            case OUTPUT -> config.outputAge();
            case EVENTS -> config.eventAge();
            case AUDIT -> config.auditAge();
            case ARTIFACTS -> config.artifactGrace();
        };
    }

    /** An event of a sequenced journal: its number and when it was written. */
    public record Stamped(long seq, OffsetDateTime at) {
    }

    /**
     * The highest seq of the oldest events (given oldest first) that may be removed: the longest run from the start
     * whose every event is older than {@code cutoff}. A journal loses only a prefix, never an event in the middle, so a
     * subscriber resuming after any kept event sees no gap (EventFeeds delivers seq n+1 after n). Times need not rise
     * with seq: an event is stamped when its transaction started but numbered when it wrote, so one younger than the
     * cutoff ends the run even when older ones follow.
     *
     * @return empty when the first event is not due (or there are none)
     */
    public static OptionalLong lastDueOfPrefix(List<Stamped> oldestFirst, OffsetDateTime cutoff) {
        OptionalLong last = OptionalLong.empty();
        for (Stamped event : oldestFirst) {
            if (!event.at().isBefore(cutoff)) {
                break;
            }
            last = OptionalLong.of(event.seq());
        }
        return last;
    }

    /** Whether another batch should follow one that removed {@code removed} of at most {@code batchSize}. */
    public static boolean more(int removed, int batchSize) {
        return removed >= batchSize;
    }
}
