package dev.distributor.rollout.schedule;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import dev.distributor.common.error.DistributorException;

/**
 * A parsed standard 5-field cron expression ({@code minute hour day-of-month month day-of-week}, the POSIX crontab
 * format as cron-utils' {@code CronType.UNIX} definition reads it) evaluated in an IANA time zone (tz database region
 * id such as {@code Europe/Berlin}, or {@code UTC}).
 *
 * <p>
 * Rules inherited from the UNIX definition: names such as {@code JAN} or {@code SUN} are accepted; day-of-week 0 and 7
 * are both Sunday; when day-of-month and day-of-week are both restricted a day matches if either matches (POSIX);
 * nicknames ({@code @daily}), seconds, years and Quartz extensions ({@code ?}, {@code L}, {@code #}) are refused.
 *
 * <p>
 * Firings are computed on the local wall clock of the zone and then returned as instants in UTC offset. Around
 * daylight-saving changes this follows cron-utils 9.2: a local time that does not exist (the spring gap, e.g.
 * 02:00–02:59 in Europe/Berlin on the last Sunday of March) does not fire that day, it is skipped rather than moved
 * (unlike Vixie cron, which runs such jobs at 03:00); a local time that occurs twice (the autumn overlap, 02:00–02:59
 * on the last Sunday of October) fires twice, once at each offset, one hour apart. Schedules that must fire exactly
 * once a day should therefore avoid 02:00–02:59 in zones with DST.
 *
 * <p>
 * Two schedules are equal when their expression (fields separated by single spaces) and zone are equal.
 */
public final class CronSchedule {

    /** Longest accepted expression, in characters (before whitespace is normalised). */
    public static final int MAX_EXPRESSION_LENGTH = 200;

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, ZoneId zone, ExecutionTime executionTime) {
        this.expression = expression;
        this.zone = zone;
        this.executionTime = executionTime;
    }

    /**
     * Parses a 5-field cron expression in a time zone.
     *
     * @param field
     *            the input's name, prefixed to the field of a refusal ({@code field + ".cron"} or
     *            {@code field + ".timeZone"})
     * @param expression
     *            {@code minute hour day-of-month month day-of-week}, at most {@value #MAX_EXPRESSION_LENGTH} characters;
     *            fields may be separated by any whitespace
     * @param timeZone
     *            an IANA region id such as {@code Europe/Berlin}, or {@code UTC}; null or blank means {@code UTC}
     * @throws DistributorException
     *             INVALID_INPUT on {@code field.cron} when the expression is missing, too long, does not have exactly 5
     *             fields, does not parse (the message carries cron-utils' reason) or never fires; on
     *             {@code field.timeZone} when the zone is unknown, a plain offset ({@code +02:00}) or a short id
     *             ({@code EST})
     */
    public static CronSchedule parse(String field, String expression, String timeZone) {
        ZoneId zone = zoneOf(field + ".timeZone", timeZone);
        String cronField = field + ".cron";
        if (expression == null || expression.isBlank()) {
            throw DistributorException.invalidInput(cronField,
                    "a cron expression is required (standard 5-field cron: minute hour day-of-month month day-of-week)");
        }
        if (expression.length() > MAX_EXPRESSION_LENGTH) {
            throw DistributorException.invalidInput(cronField, "the cron expression has " + expression.length()
                    + " characters; at most " + MAX_EXPRESSION_LENGTH + " are allowed");
        }
        if (expression.strip().startsWith("@")) {
            throw DistributorException.invalidInput(cronField, "macros such as @daily are not supported: write the "
                    + "standard 5 fields (minute hour day-of-month month day-of-week; @daily is 0 0 * * *)");
        }
        String[] fields = expression.strip().split("\\s+");
        if (fields.length != 5) {
            throw DistributorException.invalidInput(cronField,
                    "standard 5-field cron: minute hour day-of-month month day-of-week; got " + fields.length
                            + " fields");
        }
        String normalised = String.join(" ", fields);
        ExecutionTime executionTime;
        try {
            Cron cron = PARSER.parse(normalised).validate();
            executionTime = ExecutionTime.forCron(cron);
        } catch (RuntimeException e) {
            // cron-utils says why in its message ("Value 61 not in range [0, 59]"); the stack trace helps nobody.
            throw DistributorException.invalidInput(cronField,
                    "'" + normalised + "' is not a valid cron expression: " + e.getMessage());
        }
        CronSchedule schedule = new CronSchedule(normalised, zone, executionTime);
        if (schedule.nextAfter(OffsetDateTime.now(ZoneOffset.UTC)).isEmpty()) {
            throw DistributorException.invalidInput(cronField,
                    "'" + normalised + "' never fires (no date matches it, e.g. February 30)");
        }
        return schedule;
    }

    /**
     * Resolves a time zone the way {@link #parse} does: null or blank is {@code UTC}; otherwise an IANA region id
     * ({@code Area/Location}) or {@code UTC}.
     */
    public static ZoneId zoneOf(String field, String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneId.of("UTC");
        }
        String id = timeZone.strip();
        String expected = "an IANA time zone such as Europe/Berlin (or UTC)";
        ZoneId zone;
        try {
            zone = ZoneId.of(id);
        } catch (DateTimeException e) {
            throw DistributorException.invalidInput(field, "unknown time zone '" + id + "': expected " + expected
                    + (id.contains("/") ? "" : "; short ids and offsets are refused, use an Area/Location name"));
        }
        // ZoneId.of also takes offsets ("+02:00", "UTC+2") and the tz database's legacy short ids ("EST", "CET"),
        // which are not regions and make a schedule's meaning depend on a convention: only Area/Location or UTC.
        boolean region = !(zone instanceof ZoneOffset) && ZoneId.getAvailableZoneIds().contains(zone.getId())
                && (zone.getId().equals("UTC") || zone.getId().contains("/"));
        if (!region) {
            throw DistributorException.invalidInput(field,
                    "'" + id + "' is not a region of the tz database: expected " + expected);
        }
        return zone;
    }

    /** The expression, its fields separated by single spaces. */
    public String expression() {
        return expression;
    }

    /** The zone whose wall clock the expression is read in. */
    public ZoneId zone() {
        return zone;
    }

    /** The zone's IANA id, e.g. {@code Europe/Berlin} or {@code UTC}. */
    public String timeZone() {
        return zone.getId();
    }

    /**
     * The first firing strictly after {@code instant}, in UTC offset; empty only if cron-utils finds none (it looks a
     * bounded number of years ahead).
     */
    public Optional<OffsetDateTime> nextAfter(OffsetDateTime instant) {
        Objects.requireNonNull(instant, "instant");
        ZonedDateTime local = instant.atZoneSameInstant(zone);
        // cron-utils 9.2, asked from a firing in the autumn overlap (02:30 CEST), skips the repeat of that local time
        // (02:30 CET), which it finds when asked from any later instant. Asking from one second later too keeps the
        // rule the same however a caller walks: a repeated local time fires at both offsets. Firings fall on whole
        // minutes, so no firing hides in that second that the first question would not find.
        Optional<ZonedDateTime> next = executionTime.nextExecution(local);
        Optional<ZonedDateTime> nextFromLater = executionTime.nextExecution(local.plusSeconds(1));
        if (next.isEmpty() || nextFromLater.isPresent() && nextFromLater.get().isBefore(next.get())) {
            next = nextFromLater;
        }
        return next.map(CronSchedule::utc);
    }

    /** The latest firing at or before {@code instant} (a firing exactly at {@code instant} counts), in UTC offset. */
    public Optional<OffsetDateTime> lastAtOrBefore(OffsetDateTime instant) {
        Objects.requireNonNull(instant, "instant");
        // Firings fall on whole minutes and cron-utils' lastExecution is strictly before its argument, so asking from
        // one second into the instant's minute includes a firing at that minute and none after the instant.
        // (isMatch would be shorter but says false for the repeat of a local time in the autumn overlap.)
        ZonedDateTime minute = instant.atZoneSameInstant(zone).truncatedTo(ChronoUnit.MINUTES);
        return executionTime.lastExecution(minute.plusSeconds(1)).map(CronSchedule::utc);
    }

    /**
     * How many firings fall after {@code fromExclusive} and at or before {@code toInclusive}, counting at most
     * {@code cap} (e.g. to say "3 runs missed while the service was down" without walking a year of minutes).
     *
     * @return 0 when the range is empty, else a count in {@code 0..cap}
     * @throws IllegalArgumentException
     *             when {@code cap} is negative
     */
    public int firingsBetween(OffsetDateTime fromExclusive, OffsetDateTime toInclusive, int cap) {
        Objects.requireNonNull(fromExclusive, "fromExclusive");
        Objects.requireNonNull(toInclusive, "toInclusive");
        if (cap < 0) {
            throw new IllegalArgumentException("cap must not be negative: " + cap);
        }
        int count = 0;
        Optional<OffsetDateTime> firing = nextAfter(fromExclusive);
        while (count < cap && firing.isPresent() && !firing.get().isAfter(toInclusive)) {
            count++;
            firing = nextAfter(firing.get());
        }
        return count;
    }

    private static OffsetDateTime utc(ZonedDateTime firing) {
        return firing.toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule that && expression.equals(that.expression) && zone.equals(that.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(expression, zone);
    }

    @Override
    public String toString() {
        return "CronSchedule[" + expression + " " + zone.getId() + "]";
    }
}
