package dev.distributor.rollout.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * A schedule is a POSIX 5-field cron expression read on the wall clock of an IANA time zone; its firings come back as
 * UTC instants. Europe/Berlin switches to summer time on 2026-03-29 (02:00 → 03:00) and back on 2026-10-25
 * (03:00 → 02:00).
 */
class CronScheduleTest {

    private static OffsetDateTime utc(String instant) {
        return OffsetDateTime.parse(instant);
    }

    static void assertRefused(ThrowingCallable parse, String field, String messagePart) {
        assertThatThrownBy(parse).isInstanceOfSatisfying(DistributorException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.details()).containsEntry("field", field);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    // --- firings

    @Test
    void a_daily_schedule_in_berlin_fires_at_local_two_am_in_winter_and_in_summer() {
        CronSchedule nightly = CronSchedule.parse("schedule", "0 2 * * *", "Europe/Berlin");

        assertThat(nightly.nextAfter(utc("2026-01-10T12:00:00Z"))).contains(utc("2026-01-11T01:00:00Z"));
        assertThat(nightly.nextAfter(utc("2026-07-10T12:00:00Z"))).contains(utc("2026-07-11T00:00:00Z"));
        assertThat(nightly.nextAfter(utc("2026-07-10T12:00:00Z")).orElseThrow().getOffset()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void the_same_expression_in_utc_fires_at_two_utc() {
        CronSchedule nightly = CronSchedule.parse("schedule", "0 2 * * *", "UTC");

        assertThat(nightly.nextAfter(utc("2026-07-10T12:00:00+02:00"))).contains(utc("2026-07-11T02:00:00Z"));
    }

    @Test
    void the_next_firing_is_strictly_after_the_instant() {
        CronSchedule nightly = CronSchedule.parse("schedule", "0 2 * * *", "UTC");

        assertThat(nightly.nextAfter(utc("2026-03-01T02:00:00Z"))).contains(utc("2026-03-02T02:00:00Z"));
        assertThat(nightly.nextAfter(utc("2026-03-01T01:59:59.999999999Z"))).contains(utc("2026-03-01T02:00:00Z"));
    }

    @Test
    void the_last_firing_counts_a_firing_exactly_at_the_instant() {
        CronSchedule nightly = CronSchedule.parse("schedule", "0 2 * * *", "UTC");

        assertThat(nightly.lastAtOrBefore(utc("2026-03-01T02:00:00Z"))).contains(utc("2026-03-01T02:00:00Z"));
        assertThat(nightly.lastAtOrBefore(utc("2026-03-01T02:00:30Z"))).contains(utc("2026-03-01T02:00:00Z"));
        assertThat(nightly.lastAtOrBefore(utc("2026-03-01T01:59:59.999999999Z")))
                .contains(utc("2026-02-28T02:00:00Z"));
    }

    @Test
    void a_weekly_window_start_fires_on_saturday_evening_local_time() {
        CronSchedule saturdays = CronSchedule.parse("schedule", "0 22 * * 6", "Europe/Berlin");

        // 2026-03-04 is a Wednesday; the next Saturday is 2026-03-07, 22:00 CET = 21:00 UTC.
        assertThat(saturdays.nextAfter(utc("2026-03-04T12:00:00Z"))).contains(utc("2026-03-07T21:00:00Z"));
        assertThat(saturdays.lastAtOrBefore(utc("2026-03-04T12:00:00Z"))).contains(utc("2026-02-28T21:00:00Z"));
    }

    @Test
    void day_of_month_and_day_of_week_both_restricted_match_either_as_in_posix() {
        // The 1st of each month or any Monday: 2026-03-01 is a Sunday, 2026-03-02 a Monday.
        CronSchedule firstsAndMondays = CronSchedule.parse("schedule", "0 0 1 * 1", "UTC");

        assertThat(firstsAndMondays.lastAtOrBefore(utc("2026-03-01T12:00:00Z"))).contains(utc("2026-03-01T00:00:00Z"));
        assertThat(firstsAndMondays.nextAfter(utc("2026-03-01T12:00:00Z"))).contains(utc("2026-03-02T00:00:00Z"));
    }

    @Test
    void names_and_sunday_as_seven_are_accepted() {
        CronSchedule sundays = CronSchedule.parse("schedule", "0 0 * * 7", "UTC");

        assertThat(sundays.nextAfter(utc("2026-03-02T00:00:00Z"))).contains(utc("2026-03-08T00:00:00Z"));
        assertThat(CronSchedule.parse("schedule", "0 0 * JAN SUN", "UTC").nextAfter(utc("2026-03-01T00:00:00Z")))
                .contains(utc("2027-01-03T00:00:00Z"));
    }

    // --- daylight saving time (cron-utils 9.2 behaviour, documented on CronSchedule)

    @Test
    void in_the_spring_gap_a_local_time_that_does_not_exist_is_skipped_that_day() {
        CronSchedule halfPastTwo = CronSchedule.parse("schedule", "30 2 * * *", "Europe/Berlin");

        // 2026-03-28 02:30 CET, then no 02:30 on the 29th, then 2026-03-30 02:30 CEST.
        assertThat(halfPastTwo.nextAfter(utc("2026-03-28T12:00:00Z"))).contains(utc("2026-03-30T00:30:00Z"));
        assertThat(halfPastTwo.lastAtOrBefore(utc("2026-03-29T12:00:00Z"))).contains(utc("2026-03-28T01:30:00Z"));
        assertThat(halfPastTwo.firingsBetween(utc("2026-03-28T12:00:00Z"), utc("2026-03-29T23:00:00Z"), 10))
                .isZero();
    }

    @Test
    void a_local_time_after_the_spring_gap_fires_at_its_new_offset() {
        CronSchedule threeAm = CronSchedule.parse("schedule", "0 3 * * *", "Europe/Berlin");

        assertThat(threeAm.nextAfter(utc("2026-03-28T12:00:00Z"))).contains(utc("2026-03-29T01:00:00Z"));
    }

    @Test
    void in_the_autumn_overlap_a_local_time_that_occurs_twice_fires_twice_however_it_is_asked() {
        CronSchedule halfPastTwo = CronSchedule.parse("schedule", "30 2 * * *", "Europe/Berlin");

        // 2026-10-25 02:30 CEST (00:30 UTC), then 02:30 CET (01:30 UTC) once the clocks went back.
        assertThat(halfPastTwo.nextAfter(utc("2026-10-24T12:00:00Z"))).contains(utc("2026-10-25T00:30:00Z"));
        assertThat(halfPastTwo.nextAfter(utc("2026-10-25T00:30:00Z"))).contains(utc("2026-10-25T01:30:00Z"));
        assertThat(halfPastTwo.nextAfter(utc("2026-10-25T01:30:00Z"))).contains(utc("2026-10-26T01:30:00Z"));
        assertThat(halfPastTwo.nextAfter(utc("2026-10-25T00:45:00Z"))).contains(utc("2026-10-25T01:30:00Z"));
        assertThat(halfPastTwo.lastAtOrBefore(utc("2026-10-25T01:29:59Z"))).contains(utc("2026-10-25T00:30:00Z"));
        assertThat(halfPastTwo.lastAtOrBefore(utc("2026-10-25T01:30:00Z"))).contains(utc("2026-10-25T01:30:00Z"));
        assertThat(halfPastTwo.firingsBetween(utc("2026-10-24T12:00:00Z"), utc("2026-10-25T12:00:00Z"), 10))
                .isEqualTo(2);
    }

    // --- counting firings

    @Test
    void firings_between_count_the_end_but_not_the_start() {
        CronSchedule hourly = CronSchedule.parse("schedule", "0 * * * *", "UTC");

        assertThat(hourly.firingsBetween(utc("2026-03-01T00:00:00Z"), utc("2026-03-01T03:00:00Z"), 100))
                .isEqualTo(3);
        assertThat(hourly.firingsBetween(utc("2026-03-01T00:00:01Z"), utc("2026-03-01T02:59:59Z"), 100))
                .isEqualTo(2);
    }

    @Test
    void firings_between_stop_counting_at_the_cap() {
        CronSchedule everyMinute = CronSchedule.parse("schedule", "* * * * *", "UTC");

        assertThat(everyMinute.firingsBetween(utc("2026-03-01T00:00:00Z"), utc("2027-03-01T00:00:00Z"), 5))
                .isEqualTo(5);
        assertThat(everyMinute.firingsBetween(utc("2026-03-01T00:00:00Z"), utc("2026-03-01T00:03:00Z"), 5))
                .isEqualTo(3);
        assertThat(everyMinute.firingsBetween(utc("2026-03-01T00:00:00Z"), utc("2026-03-01T00:03:00Z"), 0))
                .isZero();
    }

    @Test
    void an_empty_or_reversed_range_has_no_firings_and_a_negative_cap_is_a_bug() {
        CronSchedule everyMinute = CronSchedule.parse("schedule", "* * * * *", "UTC");

        assertThat(everyMinute.firingsBetween(utc("2026-03-01T00:00:00Z"), utc("2026-03-01T00:00:00Z"), 5)).isZero();
        assertThat(everyMinute.firingsBetween(utc("2026-03-01T01:00:00Z"), utc("2026-03-01T00:00:00Z"), 5)).isZero();
        assertThatThrownBy(() -> everyMinute.firingsBetween(utc("2026-03-01T00:00:00Z"),
                utc("2026-03-01T01:00:00Z"), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- identity

    @Test
    void no_time_zone_means_utc() {
        assertThat(CronSchedule.parse("schedule", "0 2 * * *", null).timeZone()).isEqualTo("UTC");
        assertThat(CronSchedule.parse("schedule", "0 2 * * *", "  ").zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void schedules_are_equal_by_expression_and_zone_with_whitespace_normalised() {
        CronSchedule berlin = CronSchedule.parse("a", " 0  2 *\t* * ", " Europe/Berlin ");

        assertThat(berlin.expression()).isEqualTo("0 2 * * *");
        assertThat(berlin.timeZone()).isEqualTo("Europe/Berlin");
        assertThat(berlin).isEqualTo(CronSchedule.parse("b", "0 2 * * *", "Europe/Berlin"))
                .hasSameHashCodeAs(CronSchedule.parse("b", "0 2 * * *", "Europe/Berlin"))
                .isNotEqualTo(CronSchedule.parse("a", "0 2 * * *", "Europe/Paris"))
                .isNotEqualTo(CronSchedule.parse("a", "0 3 * * *", "Europe/Berlin"));
        assertThat(berlin.toString()).contains("0 2 * * *", "Europe/Berlin");
    }

    // --- refusals

    @Test
    void a_missing_or_blank_expression_is_refused() {
        assertRefused(() -> CronSchedule.parse("window", null, "UTC"), "window.cron", "required");
        assertRefused(() -> CronSchedule.parse("window", " ", "UTC"), "window.cron", "required");
    }

    @Test
    void an_expression_longer_than_200_characters_is_refused() {
        String minutes = String.join(",", Collections.nCopies(100, "0"));
        String longExpression = minutes + " 2 * * *";
        assertThat(longExpression).hasSizeGreaterThan(200);

        assertRefused(() -> CronSchedule.parse("window", longExpression, "UTC"), "window.cron", "at most 200");
    }

    @Test
    void an_expression_without_exactly_five_fields_is_refused_with_the_count() {
        assertRefused(() -> CronSchedule.parse("window", "0 0 2 * * *", "UTC"), "window.cron",
                "standard 5-field cron: minute hour day-of-month month day-of-week; got 6 fields");
        assertRefused(() -> CronSchedule.parse("window", "0 2 * *", "UTC"), "window.cron", "got 4 fields");
        assertRefused(() -> CronSchedule.parse("window", "@daily", "UTC"), "window.cron",
                "macros such as @daily are not supported");
    }

    @Test
    void an_expression_cron_utils_cannot_parse_is_refused_with_its_reason() {
        assertRefused(() -> CronSchedule.parse("window", "61 2 * * *", "UTC"), "window.cron",
                "Value 61 not in range [0, 59]");
        assertRefused(() -> CronSchedule.parse("window", "0 24 * * *", "UTC"), "window.cron",
                "Value 24 not in range [0, 23]");
        assertRefused(() -> CronSchedule.parse("window", "0 2 L * *", "UTC"), "window.cron",
                "is not a valid cron expression");
        assertRefused(() -> CronSchedule.parse("window", "*/0 * * * *", "UTC"), "window.cron", "Period 0");
    }

    @Test
    void an_expression_that_never_fires_is_refused() {
        assertRefused(() -> CronSchedule.parse("window", "0 0 30 2 *", "UTC"), "window.cron", "never fires");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus_Mons", "europe/berlin", "+02:00", "UTC+2", "GMT+01:00", "EST", "CET",
            "Z"})
    void a_time_zone_that_is_not_an_iana_region_is_refused(String timeZone) {
        assertRefused(() -> CronSchedule.parse("window", "0 2 * * *", timeZone), "window.timeZone",
                "an IANA time zone such as Europe/Berlin");
    }

    @Test
    void iana_regions_and_utc_are_accepted() {
        assertThat(CronSchedule.parse("window", "0 2 * * *", "America/Argentina/Buenos_Aires").timeZone())
                .isEqualTo("America/Argentina/Buenos_Aires");
        assertThat(CronSchedule.parse("window", "0 2 * * *", "UTC").timeZone()).isEqualTo("UTC");
    }
}
