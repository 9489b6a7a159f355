package dev.distributor.rollout.schedule;

import static dev.distributor.rollout.schedule.CronScheduleTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A maintenance window opens at each firing of its cron and stays open for its duration: open at the start instant,
 * closed again exactly at start + duration. A deployment without windows may act at any time; with windows, while any
 * is open. 2026-03-07 is a Saturday.
 */
class MaintenanceWindowsTest {

    /** Saturdays 22:00 UTC for 4 hours: 2026-03-07T22:00Z to 2026-03-08T02:00Z. */
    private static final MaintenanceWindow SATURDAY_NIGHT = MaintenanceWindow.of("window", "0 22 * * 6", 4 * 3600,
            "UTC");

    private static OffsetDateTime utc(String instant) {
        return OffsetDateTime.parse(instant);
    }

    // --- one window

    @Test
    void a_window_is_open_exactly_at_its_start_and_closed_exactly_at_start_plus_duration() {
        assertThat(SATURDAY_NIGHT.isOpen(utc("2026-03-07T21:59:59.999Z"))).isFalse();
        assertThat(SATURDAY_NIGHT.isOpen(utc("2026-03-07T22:00:00Z"))).isTrue();
        assertThat(SATURDAY_NIGHT.isOpen(utc("2026-03-08T01:59:59.999Z"))).isTrue();
        assertThat(SATURDAY_NIGHT.isOpen(utc("2026-03-08T02:00:00Z"))).isFalse();
    }

    @Test
    void an_open_window_says_until_when_and_a_closed_one_says_nothing() {
        assertThat(SATURDAY_NIGHT.openUntil(utc("2026-03-07T22:00:00Z"))).contains(utc("2026-03-08T02:00:00Z"));
        assertThat(SATURDAY_NIGHT.openUntil(utc("2026-03-08T01:00:00Z"))).contains(utc("2026-03-08T02:00:00Z"));
        assertThat(SATURDAY_NIGHT.openUntil(utc("2026-03-08T02:00:00Z"))).isEmpty();
        assertThat(SATURDAY_NIGHT.openUntil(utc("2026-03-04T12:00:00Z"))).isEmpty();
    }

    @Test
    void the_next_opening_is_the_next_start_after_now_even_while_open() {
        assertThat(SATURDAY_NIGHT.nextOpening(utc("2026-03-04T12:00:00Z"))).contains(utc("2026-03-07T22:00:00Z"));
        assertThat(SATURDAY_NIGHT.nextOpening(utc("2026-03-07T23:00:00Z"))).contains(utc("2026-03-14T22:00:00Z"));
    }

    @Test
    void a_window_in_berlin_opens_on_the_local_wall_clock() {
        MaintenanceWindow berlin = MaintenanceWindow.of("window", "0 22 * * 6", 3600, "Europe/Berlin");

        assertThat(berlin.isOpen(utc("2026-03-07T21:00:00Z"))).isTrue();
        assertThat(berlin.openUntil(utc("2026-03-07T21:00:00Z"))).contains(utc("2026-03-07T22:00:00Z"));
        // After the switch to summer time (2026-03-29) the same local 22:00 is 20:00 UTC.
        assertThat(berlin.nextOpening(utc("2026-04-01T00:00:00Z"))).contains(utc("2026-04-04T20:00:00Z"));
    }

    @Test
    void a_window_at_a_local_time_repeated_in_the_autumn_overlap_opens_twice() {
        MaintenanceWindow halfPastTwo = MaintenanceWindow.of("window", "30 2 * * *", 600, "Europe/Berlin");

        // 2026-10-25 02:30 CEST (00:30 UTC) and 02:30 CET (01:30 UTC).
        assertThat(halfPastTwo.isOpen(utc("2026-10-25T00:35:00Z"))).isTrue();
        assertThat(halfPastTwo.isOpen(utc("2026-10-25T01:00:00Z"))).isFalse();
        assertThat(halfPastTwo.nextOpening(utc("2026-10-25T01:00:00Z"))).contains(utc("2026-10-25T01:30:00Z"));
        assertThat(halfPastTwo.openUntil(utc("2026-10-25T01:35:00Z"))).contains(utc("2026-10-25T01:40:00Z"));
    }

    @Test
    void a_window_lasts_one_second_to_seven_days() {
        assertThat(MaintenanceWindow.of("window", "0 22 * * 6", 1, "UTC").durationSeconds()).isEqualTo(1);
        assertThat(MaintenanceWindow.of("window", "0 22 * * 6", 604_800, "UTC").durationSeconds()).isEqualTo(604_800);

        assertRefused(() -> MaintenanceWindow.of("window", "0 22 * * 6", 0, "UTC"), "window.durationSeconds",
                "1 to 604800 seconds");
        assertRefused(() -> MaintenanceWindow.of("window", "0 22 * * 6", -60, "UTC"), "window.durationSeconds",
                "got -60");
        assertRefused(() -> MaintenanceWindow.of("window", "0 22 * * 6", 604_801, "UTC"), "window.durationSeconds",
                "got 604801");
        assertRefused(() -> new MaintenanceWindow(SATURDAY_NIGHT.start(), 0), "durationSeconds", "1 to 604800");
    }

    @Test
    void a_window_refuses_its_cron_and_time_zone_under_its_field() {
        assertRefused(() -> MaintenanceWindow.of("window", "0 22 * *", 3600, "UTC"), "window.cron", "got 4 fields");
        assertRefused(() -> MaintenanceWindow.of("window", "0 22 * * 6", 3600, "+01:00"), "window.timeZone",
                "an IANA time zone");
    }

    // --- a deployment's windows

    @Test
    void without_windows_a_deployment_is_always_open_and_never_closes() {
        OffsetDateTime now = utc("2026-03-04T12:00:00Z");

        assertThat(MaintenanceWindows.NONE.isOpen(now)).isTrue();
        assertThat(MaintenanceWindows.NONE.nextOpening(now)).isEmpty();
        assertThat(MaintenanceWindows.NONE.closesAt(now)).isEmpty();
        assertThat(new MaintenanceWindows(null)).isEqualTo(MaintenanceWindows.NONE);
    }

    @Test
    void with_windows_a_deployment_is_open_while_any_window_is_and_otherwise_waits_for_the_earliest() {
        MaintenanceWindow wednesdayNoon = MaintenanceWindow.of("w", "0 12 * * 3", 1800, "UTC");
        MaintenanceWindows windows = new MaintenanceWindows(List.of(SATURDAY_NIGHT, wednesdayNoon));

        // Monday 2026-03-02: Wednesday noon comes first.
        assertThat(windows.isOpen(utc("2026-03-02T12:00:00Z"))).isFalse();
        assertThat(windows.nextOpening(utc("2026-03-02T12:00:00Z"))).contains(utc("2026-03-04T12:00:00Z"));
        assertThat(windows.closesAt(utc("2026-03-02T12:00:00Z"))).isEmpty();
        // Thursday: Saturday night comes first.
        assertThat(windows.nextOpening(utc("2026-03-05T12:00:00Z"))).contains(utc("2026-03-07T22:00:00Z"));
        // Open: nothing to wait for.
        assertThat(windows.isOpen(utc("2026-03-04T12:15:00Z"))).isTrue();
        assertThat(windows.nextOpening(utc("2026-03-04T12:15:00Z"))).isEmpty();
        assertThat(windows.closesAt(utc("2026-03-04T12:15:00Z"))).contains(utc("2026-03-04T12:30:00Z"));
    }

    @Test
    void overlapping_windows_close_when_the_last_open_one_closes() {
        // 22:00–24:00 and 23:00–02:00 on Saturday.
        MaintenanceWindow early = MaintenanceWindow.of("a", "0 22 * * 6", 2 * 3600, "UTC");
        MaintenanceWindow late = MaintenanceWindow.of("b", "0 23 * * 6", 3 * 3600, "UTC");
        MaintenanceWindows windows = new MaintenanceWindows(List.of(early, late));

        // Only the early one is open yet: the late one does not count before it opens.
        assertThat(windows.closesAt(utc("2026-03-07T22:30:00Z"))).contains(utc("2026-03-08T00:00:00Z"));
        // Both open: the later end wins.
        assertThat(windows.closesAt(utc("2026-03-07T23:30:00Z"))).contains(utc("2026-03-08T02:00:00Z"));
        assertThat(windows.isOpen(utc("2026-03-08T01:59:00Z"))).isTrue();
        assertThat(windows.isOpen(utc("2026-03-08T02:00:00Z"))).isFalse();
    }

    @Test
    void a_deployment_has_at_most_twenty_windows() {
        assertThat(new MaintenanceWindows(Collections.nCopies(20, SATURDAY_NIGHT)).windows()).hasSize(20);

        assertRefused(() -> new MaintenanceWindows(Collections.nCopies(21, SATURDAY_NIGHT)), "schedule.windows",
                "at most 20");
    }

    // --- storage as JSON

    @Test
    void windows_are_stored_as_a_json_array_of_cron_and_duration() {
        MaintenanceWindows windows = new MaintenanceWindows(List.of(SATURDAY_NIGHT));

        assertThat(windows.toJson()).isEqualTo("[{\"cron\":\"0 22 * * 6\",\"durationSeconds\":14400}]");
        assertThat(MaintenanceWindows.NONE.toJson()).isEqualTo("[]");
    }

    @Test
    void json_round_trips_with_the_deployment_time_zone() {
        MaintenanceWindows windows = new MaintenanceWindows(List.of(
                MaintenanceWindow.of("a", "0 22 * * 6", 14_400, "Europe/Berlin"),
                MaintenanceWindow.of("b", "30 3 1 * *", 600, "Europe/Berlin")));

        MaintenanceWindows read = MaintenanceWindows.fromJson(windows.toJson(), "Europe/Berlin");

        assertThat(read).isEqualTo(windows);
        assertThat(read.windows().get(0).start().timeZone()).isEqualTo("Europe/Berlin");
        assertThat(MaintenanceWindows.fromJson("[]", "UTC")).isEqualTo(MaintenanceWindows.NONE);
        assertThat(MaintenanceWindows.fromJson(null, "UTC")).isEqualTo(MaintenanceWindows.NONE);
        assertThat(MaintenanceWindows.fromJson("  ", null)).isEqualTo(MaintenanceWindows.NONE);
        assertThat(MaintenanceWindows.fromJson("[{\"cron\":\"0 22 * * 6\",\"durationSeconds\":14400}]", null)
                .windows()).containsExactly(SATURDAY_NIGHT);
    }

    @Test
    void malformed_json_is_refused_naming_the_window_and_key() {
        assertRefused(() -> MaintenanceWindows.fromJson("{", "UTC"), "schedule.windows", "not valid JSON");
        assertRefused(() -> MaintenanceWindows.fromJson("{\"cron\":\"0 22 * * 6\"}", "UTC"), "schedule.windows",
                "a JSON array");
        assertRefused(() -> MaintenanceWindows.fromJson("[\"0 22 * * 6\"]", "UTC"), "schedule.windows[0]",
                "an object");
        assertRefused(() -> MaintenanceWindows.fromJson("[{\"durationSeconds\":60}]", "UTC"),
                "schedule.windows[0].cron", "needs a cron");
        assertRefused(() -> MaintenanceWindows.fromJson("[{\"cron\":\"0 22 * * 6\",\"durationSeconds\":\"60\"}]",
                "UTC"), "schedule.windows[0].durationSeconds", "whole number");
        assertRefused(() -> MaintenanceWindows.fromJson("[{\"cron\":\"0 22 * * 6\",\"durationSeconds\":1.5}]",
                "UTC"), "schedule.windows[0].durationSeconds", "whole number");
        assertRefused(() -> MaintenanceWindows.fromJson(
                "[{\"cron\":\"0 22 * * 6\",\"durationSeconds\":60,\"label\":\"x\"}]", "UTC"),
                "schedule.windows[0].label", "unknown key");
    }

    @Test
    void stored_windows_are_checked_like_new_ones() {
        assertRefused(() -> MaintenanceWindows.fromJson(
                "[{\"cron\":\"0 22 * * 6\",\"durationSeconds\":60},{\"cron\":\"0 25 * * *\",\"durationSeconds\":60}]",
                "UTC"), "schedule.windows[1].cron", "Value 25 not in range [0, 23]");
        assertRefused(() -> MaintenanceWindows.fromJson("[{\"cron\":\"0 22 * * 6\",\"durationSeconds\":604801}]",
                "UTC"), "schedule.windows[0].durationSeconds", "got 604801");
        assertRefused(() -> MaintenanceWindows.fromJson("[{\"cron\":\"0 22 * * 6\",\"durationSeconds\":60}]",
                "EST"), "schedule.timeZone", "an IANA time zone");
        String tooMany = "[" + String.join(",",
                Collections.nCopies(21, "{\"cron\":\"0 22 * * 6\",\"durationSeconds\":60}")) + "]";
        assertRefused(() -> MaintenanceWindows.fromJson(tooMany, "UTC"), "schedule.windows", "at most 20");
    }
}
