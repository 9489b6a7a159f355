package dev.distributor.rollout.schedule;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;

/**
 * A CRON deployment starts its runs itself, one per firing, on the service clock: firings missed while the service was
 * down start one run, an unfinished run skips or delays the next, and a paused schedule starts nothing.
 */
@QuarkusTest
class CronScheduleRunsTest extends ScheduleTestBase {

    private static final Duration FEW_TICKS = Duration.ofMillis(1500);
    private static final Map<String, Object> EVERY_FIVE_MINUTES = Map.of("kind", "CRON", "cron", "*/5 * * * *");
    private static final Map<String, Object> ALL_AT_ONCE = Map.of("waves", List.of("100%"), "maxConcurrency", "100%");

    @Test
    void aCronDeployment_startsNoRunBeforeItsFiring_thenOneRun_andFiringsMissedWhileDown_startOneRun()
            throws Exception {
        String pkg = Catalog.createPackage("cron-runs");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        startFleet(pkg, 2);

        // Given: a deployment every five minutes; its first firing is the next multiple of five minutes.
        JsonPath created = create(pkg, EVERY_FIVE_MINUTES, ALL_AT_ONCE);
        String id = created.getString("id");
        OffsetDateTime first = OffsetDateTime.parse(created.getString("schedule.nextRunAt"));
        assertThat(first).isAfter(serviceNow()).isBefore(serviceNow().plusMinutes(5).plusSeconds(1));
        assertThat(first.getMinute() % 5).isZero();
        assertThat(first.getSecond()).isZero();
        assertThat(created.getString("latestRollout")).isNull();

        // When the clock has not reached the firing, no run starts.
        assertRunsStayAt(id, 0, FEW_TICKS);

        // When the clock passes the firing: exactly one run, started by the schedule, for that firing.
        moveClockTo(first.plusSeconds(30));
        String run = awaitRuns(id, 1).get(0);
        JsonPath done = Rollouts.awaitState(run, "SUCCEEDED", Duration.ofSeconds(60));
        assertThat(done.getInt("counts.success")).isEqualTo(2);
        for (SimulatedAgent agent : fleet.agents()) {
            assertThat(agent.installed()).containsEntry(pkg, "1.0.0");
        }
        List<Object> stored = triggerAndFiring(run);
        assertThat(stored.get(0)).isEqualTo("CRON");
        assertThat(instant(stored.get(1))).isEqualTo(first);
        JsonPath started = events(run, "ROLLOUT_STARTED").get(0);
        assertThat(started.getString("trigger")).isEqualTo("CRON");
        assertThat(OffsetDateTime.parse(started.getString("scheduledFor"))).isEqualTo(first);
        assertThat(started.getInt("missed")).isZero();
        assertThat(Agents.row("select created_by from rollout where id = ?", UUID.fromString(run)))
                .containsExactly("distributor:CRON");
        OffsetDateTime second = nextRunAt(id);
        assertThat(second).isEqualTo(first.plusMinutes(5));
        assertRunsStayAt(id, 1, FEW_TICKS);

        // When the service was "down" for three hours (the clock jumps past 36 firings), ONE run starts, for the
        // latest firing, saying how many more passed; the schedule goes on from the next firing after now.
        OffsetDateTime latest = second.plusMinutes(175);
        moveClockTo(latest.plusSeconds(30));
        String caughtUp = awaitRuns(id, 2).get(1);
        JsonPath catchUp = events(caughtUp, "ROLLOUT_STARTED").get(0);
        assertThat(catchUp.getInt("missed")).isEqualTo(35);
        assertThat(OffsetDateTime.parse(catchUp.getString("scheduledFor"))).isEqualTo(latest);
        assertThat(instant(triggerAndFiring(caughtUp).get(1))).isEqualTo(latest);
        assertThat(nextRunAt(id)).isEqualTo(latest.plusMinutes(5)).isAfter(serviceNow());
        // The hosts have 1.0.0 already: the run has nothing to do and succeeds at once.
        assertThat(Rollouts.awaitState(caughtUp, "SUCCEEDED", Duration.ofSeconds(30)).getInt("counts.skipped"))
                .isEqualTo(2);
        assertRunsStayAt(id, 2, FEW_TICKS);
    }

    @Test
    void overlapSkip_aFiringWhileARunIsUnfinished_isSkipped_andSaidOnThatRun() throws Exception {
        String pkg = Catalog.createPackage("cron-skip");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        startFleet(pkg, 2);
        // Given: runs that wait for approval after their first wave, so a run stays unfinished.
        JsonPath created = create(pkg, EVERY_FIVE_MINUTES, Map.of("waves", List.of("1"), "manualApproval", true));
        String id = created.getString("id");
        OffsetDateTime first = OffsetDateTime.parse(created.getString("schedule.nextRunAt"));
        moveClockTo(first.plusSeconds(30));
        String run = awaitRuns(id, 1).get(0);
        awaitWaitingForApproval(run);

        // When the next firing comes while the run waits.
        moveClockTo(first.plusMinutes(5).plusSeconds(30));

        // Then: it is skipped, the unfinished run's journal says so, and the schedule moves on.
        awaitEvent(run, "SCHEDULED_RUN_SKIPPED");
        JsonPath skipped = events(run, "SCHEDULED_RUN_SKIPPED").get(0);
        assertThat(skipped.getString("trigger")).isEqualTo("CRON");
        assertThat(OffsetDateTime.parse(skipped.getString("scheduledFor"))).isEqualTo(first.plusMinutes(5));
        assertThat(skipped.getString("reason")).contains("run 1 is RUNNING");
        assertThat(nextRunAt(id)).isEqualTo(first.plusMinutes(10));
        assertRunsStayAt(id, 1, FEW_TICKS);
        assertThat(events(run, "SCHEDULED_RUN_SKIPPED")).hasSize(1);

        // When the run finishes, the next firing starts the next run.
        Rollouts.control("approveWave", run);
        Rollouts.awaitState(run, "SUCCEEDED", Duration.ofSeconds(60));
        moveClockTo(first.plusMinutes(10).plusSeconds(30));
        String next = awaitRuns(id, 2).get(1);
        assertThat(events(next, "ROLLOUT_STARTED").get(0).getInt("missed")).isZero();
    }

    @Test
    void overlapWait_aFiringWhileARunIsUnfinished_waitsOnce_andStartsWhenThatRunFinished() throws Exception {
        String pkg = Catalog.createPackage("cron-wait");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        startFleet(pkg, 2);
        JsonPath created = create(pkg, Map.of("kind", "CRON", "cron", "*/5 * * * *", "overlap", "WAIT"),
                Map.of("waves", List.of("1"), "manualApproval", true));
        String id = created.getString("id");
        OffsetDateTime first = OffsetDateTime.parse(created.getString("schedule.nextRunAt"));
        moveClockTo(first.plusSeconds(30));
        String run = awaitRuns(id, 1).get(0);
        awaitWaitingForApproval(run);

        // When the next firing comes, and one more, while the run waits for approval.
        moveClockTo(first.plusMinutes(5).plusSeconds(30));
        awaitEvent(run, "SCHEDULED_RUN_WAITING");
        moveClockTo(first.plusMinutes(10).plusSeconds(30));
        assertRunsStayAt(id, 1, FEW_TICKS);

        // Then: the wait is said once, on the unfinished run; the firing stays due.
        List<JsonPath> waiting = events(run, "SCHEDULED_RUN_WAITING");
        assertThat(waiting).hasSize(1);
        assertThat(OffsetDateTime.parse(waiting.get(0).getString("scheduledFor"))).isEqualTo(first.plusMinutes(5));
        assertThat(nextRunAt(id)).isEqualTo(first.plusMinutes(5));
        assertThat(Agents.row("select run_waiting_since is not null from deployment where id = ?",
                UUID.fromString(id))).containsExactly(true);

        // When the run finishes, the waiting run starts, for the latest firing, counting the one more that passed.
        Rollouts.control("approveWave", run);
        Rollouts.awaitState(run, "SUCCEEDED", Duration.ofSeconds(60));
        String next = awaitRuns(id, 2).get(1);
        JsonPath started = events(next, "ROLLOUT_STARTED").get(0);
        assertThat(OffsetDateTime.parse(started.getString("scheduledFor"))).isEqualTo(first.plusMinutes(10));
        assertThat(started.getInt("missed")).isEqualTo(1);
        assertThat(started.getString("waitedSince")).isNotNull();
        assertThat(nextRunAt(id)).isEqualTo(first.plusMinutes(15));
        assertThat(Agents.row("select run_waiting_since is null from deployment where id = ?",
                UUID.fromString(id))).containsExactly(true);
    }

    @Test
    void aPausedSchedule_startsNothing_andResumingRestartsFromNow_withoutTheFiringsItMissed() throws Exception {
        String pkg = Catalog.createPackage("cron-pause");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        startFleet(pkg, 1);
        JsonPath created = create(pkg, EVERY_FIVE_MINUTES, ALL_AT_ONCE);
        String id = created.getString("id");
        OffsetDateTime first = OffsetDateTime.parse(created.getString("schedule.nextRunAt"));

        JsonPath paused = schedule("pauseSchedule", id);
        assertThat(paused.getBoolean("paused")).isTrue();
        assertThat(paused.getString("pausedReason")).startsWith("paused by ");
        assertThat(paused.getString("nextRunAt")).as("a paused schedule has no next run").isNull();
        assertThat(refused("pauseSchedule", id).getString("message")).contains("already paused");

        // When the clock passes two firings while paused: nothing starts.
        moveClockTo(first.plusMinutes(5).plusSeconds(30));
        assertRunsStayAt(id, 0, FEW_TICKS);

        // When resumed: the missed firings do not run; the next run is the next firing after now.
        JsonPath resumed = schedule("resumeSchedule", id);
        assertThat(resumed.getBoolean("paused")).isFalse();
        assertThat(resumed.getString("pausedReason")).isNull();
        assertThat(OffsetDateTime.parse(resumed.getString("nextRunAt"))).isEqualTo(first.plusMinutes(10));
        assertRunsStayAt(id, 0, FEW_TICKS);
        assertThat(refused("resumeSchedule", id).getString("message")).contains("not paused");

        moveClockTo(first.plusMinutes(10).plusSeconds(30));
        String run = awaitRuns(id, 1).get(0);
        assertThat(events(run, "ROLLOUT_STARTED").get(0).getInt("missed")).isZero();
        Rollouts.awaitState(run, "SUCCEEDED", Duration.ofSeconds(60));

        // And: the audit trail has both changes.
        assertThat(Agents.rows("select action from audit_event where resource = ? order by at",
                "deployment/" + id).stream().map(r -> r.get(0)).toList())
                .contains("schedule.pause", "schedule.resume");
    }

    @Test
    void aOnceDeployment_hasNoScheduleToPause_andAnUnknownDeploymentIsNotFound() throws Exception {
        String pkg = Catalog.createPackage("cron-once");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        startFleet(pkg, 1);
        String id = create(pkg, Map.of("kind", "ONCE"), ALL_AT_ONCE).getString("id");

        JsonPath once = refused("pauseSchedule", id);
        assertThat(once.getString("extensions.code")).isEqualTo("INVALID_STATE");
        assertThat(once.getString("message")).contains("ONCE deployment has no schedule");
        assertThat(refused("resumeSchedule", id).getString("extensions.code")).isEqualTo("INVALID_STATE");
        assertThat(refused("pauseSchedule", UUID.randomUUID().toString()).getString("extensions.code"))
                .isEqualTo("DEPLOYMENT_NOT_FOUND");
    }

    @Test
    void aStartTheCatalogRefuses_pausesTheSchedule_sayingWhy() throws Exception {
        String pkg = Catalog.createPackage("cron-refused");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        JsonPath created = create(pkg, EVERY_FIVE_MINUTES, ALL_AT_ONCE);
        String id = created.getString("id");
        OffsetDateTime first = OffsetDateTime.parse(created.getString("schedule.nextRunAt"));
        // Given: the package loses its default version before the firing (as a retire or a delete would leave it).
        Agents.update("update package set default_version = null where name = ?", pkg);

        moveClockTo(first.plusSeconds(30));

        // Then: no run, and the schedule is paused with the refusal as its reason, so it does not fail every firing.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> deployment(id).getBoolean("schedule.paused"));
        assertThat(deployment(id).getString("schedule.pausedReason")).contains("NO_DEFAULT_VERSION")
                .contains("has no default version");
        assertThat(runs(id)).isEmpty();
    }

    // -------------------------------------------------------------------- helpers

    private static JsonPath schedule(String mutation, String deploymentId) {
        return GraphQL.ok("mutation($id: String!) { " + mutation + "(deploymentId: $id) { id schedule { "
                + "kind nextRunAt paused pausedReason } } }", vars("id", deploymentId))
                .setRootPath("data." + mutation + ".schedule");
    }

    private static JsonPath refused(String mutation, String deploymentId) {
        return GraphQL.error("mutation($id: String!) { " + mutation + "(deploymentId: $id) { id } }",
                vars("id", deploymentId));
    }

    private static void awaitWaitingForApproval(String run) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "APPROVAL".equals(Rollouts.get(run).getString("waitingFor")));
    }

    private static void awaitEvent(String run, String type) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !events(run, type).isEmpty());
    }
}
