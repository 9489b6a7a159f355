package dev.distributor.rollout.schedule;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.OutcomeModel;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;

/**
 * Outside every maintenance window of its deployment a run starts no new invocation; running ones finish and report,
 * and the run's journal says once when a window holds it and once when one opens.
 */
@QuarkusTest
class MaintenanceWindowRolloutTest extends ScheduleTestBase {

    private static final Duration FEW_TICKS = Duration.ofMillis(1500);

    @Test
    void aRunOutsideItsWindow_dispatchesNothing_untilTheWindowOpens_thenSucceeds() throws Exception {
        String pkg = Catalog.createPackage("window-closed");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        startFleet(pkg, 2);
        // Given: a window of one hour a day that opens two hours from now (so it is closed now).
        OffsetDateTime opens = serviceNow().truncatedTo(ChronoUnit.HOURS).plusHours(2);
        JsonPath created = create(pkg, Map.of("kind", "ONCE", "maintenanceWindows",
                List.of(Map.of("cron", "0 " + opens.getHour() + " * * *", "durationSeconds", 3600))),
                Map.of("waves", List.of("100%"), "maxConcurrency", "100%"));
        String deployment = created.getString("id");
        String run = created.getString("latestRollout.id");

        // The plan says the window is closed and when it opens.
        JsonPath plan = plan(deployment);
        assertThat(plan.getBoolean("maintenanceWindowOpen")).isFalse();
        assertThat(OffsetDateTime.parse(plan.getString("nextWindowOpensAt"))).isEqualTo(opens);

        // When the run starts outside the window: it runs, but its invocations stay PENDING.
        Rollouts.control("startRollout", run);
        await().atMost(Duration.ofSeconds(30)).until(() -> !events(run, "WINDOW_CLOSED").isEmpty());
        assertNothingStartsFor(run, FEW_TICKS);
        JsonPath held = Rollouts.get(run);
        assertThat(held.getString("state")).isEqualTo("RUNNING");
        assertThat(held.getInt("counts.pending")).isEqualTo(2);
        List<JsonPath> closed = events(run, "WINDOW_CLOSED");
        assertThat(closed).hasSize(1);
        assertThat(OffsetDateTime.parse(closed.get(0).getString("nextWindowOpensAt"))).isEqualTo(opens);

        // When the clock reaches the window: the run dispatches and succeeds.
        moveClockTo(opens.plusSeconds(10));
        JsonPath done = Rollouts.awaitState(run, "SUCCEEDED", Duration.ofSeconds(60));
        assertThat(done.getInt("counts.success")).isEqualTo(2);
        List<JsonPath> opened = events(run, "WINDOW_OPENED");
        assertThat(opened).hasSize(1);
        assertThat(OffsetDateTime.parse(opened.get(0).getString("closesAt"))).isEqualTo(opens.plusHours(1));
        assertThat(events(run, "WINDOW_CLOSED")).hasSize(1);
        List<Map<String, Object>> all = Rollouts.events(run);
        assertThat(all.get(all.size() - 1).get("type")).isEqualTo("ROLLOUT_SUCCEEDED");

        // And the plan now says the window is open.
        JsonPath planNow = plan(deployment);
        assertThat(planNow.getBoolean("maintenanceWindowOpen")).isTrue();
        assertThat(planNow.getString("nextWindowOpensAt")).isNull();
    }

    @Test
    void aWindowClosingMidRun_letsTheRunningInvocationFinish_butStartsNoNewOne_untilTheNextOpening()
            throws Exception {
        String pkg = Catalog.createPackage("window-closing");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Hosts take 4 s per command, so the clock can move while one runs.
        startFleet(pkg, 3, OutcomeModel.alwaysSucceeds(Duration.ofSeconds(4)));
        // Given: a window of half an hour every hour that opened this minute; one host at a time. (Hourly rather than
        // daily: a host's start time is its own clock's, which tests do not move, so a day's jump would time it out.)
        OffsetDateTime opened = serviceNow().truncatedTo(ChronoUnit.MINUTES);
        JsonPath created = create(pkg, Map.of("kind", "ONCE", "maintenanceWindows",
                List.of(Map.of("cron", opened.getMinute() + " * * * *", "durationSeconds", 1800))),
                Map.of("waves", List.of("100%"), "maxConcurrency", "1"));
        String deployment = created.getString("id");
        String run = created.getString("latestRollout.id");
        assertThat(plan(deployment).getBoolean("maintenanceWindowOpen")).isTrue();

        Rollouts.control("startRollout", run);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Rollouts.get(run).getInt("counts.inProgress") == 1);

        // When the window closes while the first host runs its command.
        moveClockTo(opened.plusMinutes(30).plusSeconds(30));

        // Then: that host finishes and reports; no other invocation starts.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Rollouts.get(run).getInt("counts.success") == 1);
        assertNothingStartsFor(run, FEW_TICKS);
        JsonPath held = Rollouts.get(run);
        assertThat(held.getInt("counts.pending")).isEqualTo(2);
        List<JsonPath> closed = events(run, "WINDOW_CLOSED");
        assertThat(closed).hasSize(1);
        assertThat(OffsetDateTime.parse(closed.get(0).getString("nextWindowOpensAt")))
                .isEqualTo(opened.plusHours(1));
        JsonPath plan = plan(deployment);
        assertThat(plan.getBoolean("maintenanceWindowOpen")).isFalse();
        assertThat(OffsetDateTime.parse(plan.getString("nextWindowOpensAt"))).isEqualTo(opened.plusHours(1));

        // When the window opens the next hour, the rest runs.
        moveClockTo(opened.plusHours(1).plusSeconds(10));
        JsonPath done = Rollouts.awaitState(run, "SUCCEEDED", Duration.ofSeconds(60));
        assertThat(done.getInt("counts.success")).isEqualTo(3);
        List<JsonPath> reopened = events(run, "WINDOW_OPENED");
        assertThat(reopened).hasSize(1);
        assertThat(OffsetDateTime.parse(reopened.get(0).getString("closesAt")))
                .isEqualTo(opened.plusHours(1).plusMinutes(30));
        assertThat(events(run, "WINDOW_CLOSED")).hasSize(1);
    }

    // -------------------------------------------------------------------- helpers

    private static JsonPath plan(String deploymentId) {
        return GraphQL
                .ok("""
                        query($input: PlanInput!) { plan(input: $input) { targetCount maintenanceWindowOpen nextWindowOpensAt } }
                        """,
                        vars("input", Map.of("deploymentId", deploymentId)))
                .setRootPath("data.plan");
    }

    /** For {@code during}, no invocation of the run is queued or started. */
    private static void assertNothingStartsFor(String run, Duration during) {
        await().during(during).atMost(during.plusSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    JsonPath now = Rollouts.get(run);
                    return now.getInt("counts.queued") == 0 && now.getInt("counts.inProgress") == 0;
                });
    }
}
