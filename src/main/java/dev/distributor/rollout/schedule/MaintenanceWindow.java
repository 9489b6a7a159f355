package dev.distributor.rollout.schedule;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

import dev.distributor.common.error.DistributorException;

/**
 * A recurring maintenance window: it opens at each firing of {@code start} (a {@link CronSchedule}, POSIX 5-field cron
 * in an IANA time zone) and stays open {@code durationSeconds} seconds, from 1 second to 7 days (604800). The window
 * is open at its start instant and closed again exactly at start + duration (a half-open interval).
 *
 * <p>
 * When the duration is longer than the gap between two firings, each firing opens the window anew: it is open while
 * any opening lasts, and {@link #openUntil} names the end of the latest opening.
 *
 * @param start
 *            when the window opens
 * @param durationSeconds
 *            how long each opening lasts, in seconds, 1..{@value #MAX_DURATION_SECONDS}
 */
public record MaintenanceWindow(CronSchedule start, long durationSeconds) {

    /** Longest opening: 7 days, in seconds. */
    public static final long MAX_DURATION_SECONDS = 7L * 24 * 60 * 60;

    /**
     * @throws DistributorException
     *             INVALID_INPUT on {@code durationSeconds} when it is outside 1..{@value #MAX_DURATION_SECONDS}; use
     *             {@link #of} to name the field of the input
     */
    public MaintenanceWindow {
        Objects.requireNonNull(start, "start");
        checkDuration("durationSeconds", durationSeconds);
    }

    /**
     * A window opening at each firing of {@code cron} in {@code timeZone}, for {@code durationSeconds} seconds.
     *
     * @param field
     *            the input's name, prefixed to the field of a refusal: {@code field.cron}, {@code field.timeZone} (see
     *            {@link CronSchedule#parse}) or {@code field.durationSeconds} (outside 1..{@value #MAX_DURATION_SECONDS})
     * @param timeZone
     *            IANA region id or {@code UTC}; null or blank means {@code UTC}
     * @throws DistributorException
     *             INVALID_INPUT as described for {@code field}
     */
    public static MaintenanceWindow of(String field, String cron, long durationSeconds, String timeZone) {
        CronSchedule start = CronSchedule.parse(field, cron, timeZone);
        checkDuration(field + ".durationSeconds", durationSeconds);
        return new MaintenanceWindow(start, durationSeconds);
    }

    private static void checkDuration(String field, long durationSeconds) {
        if (durationSeconds < 1 || durationSeconds > MAX_DURATION_SECONDS) {
            throw DistributorException.invalidInput(field, "a maintenance window lasts 1 to " + MAX_DURATION_SECONDS
                    + " seconds (7 days); got " + durationSeconds);
        }
    }

    /** Whether the window is open at {@code now}: the latest firing at or before it, plus the duration, is after it. */
    public boolean isOpen(OffsetDateTime now) {
        return openUntil(now).isPresent();
    }

    /** When the current opening ends (UTC offset, exclusive); empty when the window is closed at {@code now}. */
    public Optional<OffsetDateTime> openUntil(OffsetDateTime now) {
        Objects.requireNonNull(now, "now");
        return start.lastAtOrBefore(now).map(opened -> opened.plusSeconds(durationSeconds)).filter(now::isBefore);
    }

    /** The next time the window opens: the first firing of {@code start} strictly after {@code now}, in UTC offset. */
    public Optional<OffsetDateTime> nextOpening(OffsetDateTime now) {
        return start.nextAfter(now);
    }
}
