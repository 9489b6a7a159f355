package dev.distributor.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;

/** The operator's controls on runs across simulated fleets, and their refusal where they make no sense. */
@QuarkusTest
class RolloutControlsTest extends RolloutFleetTestBase {

    /** Slow enough that a run of 10 hosts two at a time is still going when the test acts on it. */
    private static final OutcomeModel SLOW = OutcomeModel.alwaysSucceeds(Duration.ofMillis(800));
    private static final OutcomeModel FAST = OutcomeModel.alwaysSucceeds(Duration.ofMillis(50));

    @Test
    void pausingMidWave_stopsDispatching_letsRunningCommandsFinish_andResumeCompletesTheRun() throws Exception {
        MidWave run = tenSlowHostsTwoAtATime("ctl-pause");
        FleetSimulator fleet = run.fleet();
        String rollout = run.rollout();

        // When: the operator pauses in the middle of the (only) wave.
        JsonPath paused = Rollouts.control("pauseRollout", rollout);

        // Then: it is paused by the operator; what was out finishes and reports, nothing new goes out.
        assertThat(paused.getString("state")).isEqualTo("PAUSED");
        assertThat(paused.getString("pauseCause")).isEqualTo("OPERATOR");
        JsonPath settled = awaitNothingOut(rollout, Duration.ofSeconds(30));
        assertThat(settled.getInt("counts.pending")).isPositive();
        assertNothingMovesFor(rollout, Duration.ofSeconds(2));
        assertThat(commandsRun(fleet)).isEqualTo(settled.getInt("counts.success"));
        assertRefused("pauseRollout", rollout, "PAUSED");
        assertRefused("approveWave", rollout, "not waiting for approval");

        // When: resumed, the run picks up where it stopped and completes.
        assertThat(Rollouts.control("resumeRollout", rollout).getString("state")).isEqualTo("RUNNING");
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));

        assertThat(done.getInt("counts.success")).isEqualTo(10);
        assertNoHostRanACommandTwice(fleet);
        assertThat(commandsRun(fleet)).isEqualTo(10);
        assertThat(eventTypes(assertEventsGapFree(rollout)))
                .containsSubsequence("ROLLOUT_STARTED", "ROLLOUT_PAUSED", "ROLLOUT_RESUMED", "ROLLOUT_SUCCEEDED");
    }

    @Test
    void cancellingMidWave_endsTheRun_cancelsWhatHadNotStarted_andNoHostRunsACancelledCommand() throws Exception {
        MidWave run = tenSlowHostsTwoAtATime("ctl-cancel");
        String pkg = run.pkg();
        FleetSimulator fleet = run.fleet();
        String rollout = run.rollout();

        JsonPath cancelled = Rollouts.control("cancelRollout", rollout);

        // Then: the run is over at once; commands already running on hosts finish and are still recorded.
        assertThat(cancelled.getString("state")).isEqualTo("CANCELLED");
        assertThat(cancelled.getInt("counts.pending")).isZero();
        JsonPath settled = awaitNothingOut(rollout, Duration.ofSeconds(30));
        int success = settled.getInt("counts.success");
        assertThat(settled.getString("state")).isEqualTo("CANCELLED");
        assertThat(settled.getInt("counts.cancelled")).isPositive();
        assertThat(success + settled.getInt("counts.cancelled")).isEqualTo(10);
        assertThat(Rollouts.invocations(rollout, "CANCELLED"))
                .allSatisfy(i -> assertThat(i.get("statusReason")).isEqualTo("rollout cancelled"));
        // And: hosts ran exactly the commands that succeeded; a withdrawn command never ran.
        assertNoHostRanACommandTwice(fleet);
        assertThat(commandsRun(fleet)).isEqualTo(success);
        assertThat(fleet.agents().stream().filter(a -> a.installed().containsKey(pkg))).hasSize(success);
        // And: a cancelled run takes no control any more.
        for (String control : List.of("startRollout", "pauseRollout", "resumeRollout", "cancelRollout",
                "retryFailed")) {
            assertRefused(control, rollout, "CANCELLED");
        }
        assertRefused("approveWave", rollout, "not waiting for approval");
        assertThat(eventTypes(assertEventsGapFree(rollout))).endsWith("ROLLOUT_CANCELLED");
    }

    @Test
    void eachControl_isRefusedWithInvalidState_whereItMakesNoSense() throws Exception {
        String pkg = Catalog.createPackage("ctl-refuse");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        startFleet(pkg, 3, OutcomeModel.alwaysSucceeds(Duration.ofSeconds(3)));
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg),
                Map.of("waves", List.of("100%"), "maxConcurrency", "100%")));

        // PLANNED: only start (and cancel) make sense.
        assertRefused("pauseRollout", rollout, "PLANNED");
        assertRefused("resumeRollout", rollout, "PLANNED");
        assertRefused("retryFailed", rollout, "PLANNED");
        assertRefused("approveWave", rollout, "not waiting for approval (state PLANNED)");
        assertThat(Rollouts.get(rollout).getString("state")).isEqualTo("PLANNED");

        // RUNNING: not started twice, not resumed, no wave to approve, nothing failed to retry.
        assertThat(Rollouts.control("startRollout", rollout).getString("state")).isEqualTo("RUNNING");
        assertRefused("startRollout", rollout, "RUNNING");
        assertRefused("resumeRollout", rollout, "RUNNING");
        assertRefused("approveWave", rollout, "not waiting for approval");
        assertRefused("retryFailed", rollout, "no failed or timed-out invocation");

        // SUCCEEDED: nothing to start, pause, resume, cancel, approve or retry.
        Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));
        for (String control : List.of("startRollout", "pauseRollout", "resumeRollout", "cancelRollout")) {
            assertRefused(control, rollout, "SUCCEEDED");
        }
        assertRefused("approveWave", rollout, "not waiting for approval (state SUCCEEDED)");
        assertRefused("retryFailed", rollout, "no failed or timed-out invocation");
        assertThat(Rollouts.get(rollout).getInt("counts.success")).isEqualTo(3);
    }

    @Test
    void withManualApproval_eachWaveAfterTheFirst_waitsForApproveWave() throws Exception {
        String pkg = Catalog.createPackage("ctl-approve");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        FleetSimulator fleet = startFleet(pkg, 6, FAST);
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg),
                Map.of("waves", List.of("1", "2"), "maxConcurrency", "100%", "manualApproval", true)));
        Rollouts.control("startRollout", rollout);

        // Then: the canary runs, and the run waits for approval with waves 2 and 3 untouched.
        JsonPath waiting = awaitWaitingForApproval(rollout, 1);
        assertThat(waiting.getList("waveSizes", Integer.class)).containsExactly(1, 2, 3);
        assertThat(waiting.getInt("counts.success")).isEqualTo(1);
        assertThat(waiting.getInt("counts.pending")).isEqualTo(5);
        assertThat(waiting.getList("waves.state", String.class)).containsExactly("DONE", "PENDING", "PENDING");
        assertNothingMovesFor(rollout, Duration.ofSeconds(2));

        // When: approved, wave 2 runs, and the run waits again before wave 3.
        JsonPath approved = Rollouts.control("approveWave", rollout);
        assertThat(approved.getInt("currentWave")).isEqualTo(2);
        assertThat(approved.getString("waitingFor")).isNull();
        JsonPath waitingAgain = awaitWaitingForApproval(rollout, 2);
        assertThat(waitingAgain.getInt("counts.success")).isEqualTo(3);
        assertThat(waitingAgain.getInt("counts.pending")).isEqualTo(3);

        Rollouts.control("approveWave", rollout);
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));

        assertThat(done.getInt("counts.success")).isEqualTo(6);
        assertNoHostRanACommandTwice(fleet);
        List<Map<String, Object>> events = assertEventsGapFree(rollout);
        assertThat(eventTypes(events)).containsSubsequence("WAVE_STARTED", "WAVE_COMPLETED", "WAITING_FOR_APPROVAL",
                "WAVE_APPROVED", "WAVE_STARTED", "WAVE_COMPLETED", "WAITING_FOR_APPROVAL", "WAVE_APPROVED",
                "WAVE_STARTED", "ROLLOUT_SUCCEEDED");
        assertWavesRanInOrder(events, Rollouts.allInvocations(rollout));
    }

    @Test
    void withPauseBetweenWaves_theNextWaveStartsOnlyOnceThePauseIsOver() throws Exception {
        String pkg = Catalog.createPackage("ctl-timer");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        FleetSimulator fleet = startFleet(pkg, 4, FAST);
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg),
                Map.of("waves", List.of("1"), "maxConcurrency", "100%", "pauseBetweenWavesSeconds", 3)));
        Rollouts.control("startRollout", rollout);

        // Then: after the canary the run waits on a timer, with the time the next wave starts.
        await().atMost(Duration.ofMinutes(1))
                .until(() -> "TIMER".equals(Rollouts.get(rollout).getString("waitingFor")));
        JsonPath waiting = Rollouts.get(rollout);
        assertThat(waiting.getInt("counts.success")).isEqualTo(1);
        assertThat(waiting.getInt("counts.pending")).isEqualTo(3);
        // When: the pause is over on the service's clock.
        clock.advance(Duration.ofSeconds(3));
        Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));

        // And: wave 2 started no earlier than 3 s after the wait began (both times from the database clock).
        List<Map<String, Object>> events = assertEventsGapFree(rollout);
        Map<String, Object> wait = events.stream().filter(e -> "WAITING_BETWEEN_WAVES".equals(e.get("type")))
                .findFirst().orElseThrow();
        Map<String, Object> secondWave = events.stream().filter(e -> "WAVE_STARTED".equals(e.get("type")))
                .toList().get(1);
        assertThat(Duration.between(OffsetDateTime.parse((String) wait.get("at")),
                OffsetDateTime.parse((String) secondWave.get("at")))).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(fleet.agents()).allSatisfy(a -> assertThat(a.installed()).containsEntry(pkg, "1.0.0"));
        assertWavesRanInOrder(events, Rollouts.allInvocations(rollout));
    }

    @Test
    void startRollout_retriedWithTheSameIdempotencyKey_returnsTheStartedRun_andAnotherKeyIsRefused() throws Exception {
        String pkg = Catalog.createPackage("ctl-idem");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        startFleet(pkg, 2, FAST);
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of()));
        String start = "mutation($id: String!, $key: String) { startRollout(id: $id, idempotencyKey: $key) "
                + "{ state eventSeq } }";

        JsonPath first = GraphQL.ok(start, GraphQL.vars("id", rollout, "key", "deploy-42"));
        JsonPath again = GraphQL.ok(start, GraphQL.vars("id", rollout, "key", "deploy-42"));
        JsonPath other = GraphQL.error(start, GraphQL.vars("id", rollout, "key", "deploy-43"));

        assertThat(first.getString("startRollout.state")).isEqualTo("RUNNING");
        assertThat(again.getString("startRollout.state")).isIn("RUNNING", "SUCCEEDED");
        assertThat(other.getString("extensions.code")).isEqualTo("INVALID_STATE");
        Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));
        assertThat(eventTypes(assertEventsGapFree(rollout)).stream().filter("ROLLOUT_STARTED"::equals)).hasSize(1);
        assertThat(Rollouts.get(rollout).getInt("counts.success")).isEqualTo(2);
    }

    @Test
    void retryFailed_runsOnlyTheFailedTargetsAgain_asNewAttempts_andReopensTheFinishedRun() throws Exception {
        String pkg = Catalog.createPackage("ctl-retry");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: 8 hosts, 3 of which fail their first command; the run tolerates failures.
        FleetSimulator fleet = startFleet(pkg, 8, FAST);
        List<SimulatedAgent> broken = fleet.agents().subList(0, 3);
        broken.forEach(agent -> agent.outcomes(OutcomeModel.successRate(0, Duration.ofMillis(50),
                Duration.ofMillis(50))));
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of("waves",
                List.of("100%"), "maxConcurrency", "100%", "maxErrors", "100%", "waveSuccessPercent", 0)));
        Rollouts.control("startRollout", rollout);
        JsonPath first = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));
        assertThat(first.getInt("counts.failed")).isEqualTo(3);
        assertThat(first.getInt("counts.success")).isEqualTo(5);

        // When: the hosts are fixed and the operator retries the failed targets.
        broken.forEach(agent -> agent.outcomes(null));
        JsonPath reopened = Rollouts.control("retryFailed", rollout);

        // Then: the run reopens; the three run a new attempt, the five that succeeded are not touched.
        assertThat(reopened.getString("state")).isEqualTo("RUNNING");
        assertThat(reopened.getInt("counts.failed")).isZero();
        assertThat(reopened.getInt("counts.pending")).isEqualTo(3);
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));
        assertThat(done.getInt("counts.success")).isEqualTo(8);
        List<String> brokenIds = broken.stream().map(SimulatedAgent::instanceId).toList();
        assertThat(Rollouts.allInvocations(rollout)).allSatisfy(i -> assertThat(i.get("attempt"))
                .isEqualTo(brokenIds.contains((String) i.get("instanceId")) ? 2 : 1));
        for (SimulatedAgent agent : fleet.agents()) {
            assertThat(agent.executions()).as(agent.hostname()).hasSize(broken.contains(agent) ? 2 : 1);
            assertThat(agent.installed()).containsEntry(pkg, "1.0.0");
        }
        assertNoHostRanACommandTwice(fleet);
        assertThat(eventTypes(assertEventsGapFree(rollout))).containsSubsequence("ROLLOUT_SUCCEEDED",
                "RETRY_REQUESTED", "ROLLOUT_SUCCEEDED");
    }

    @Test
    void retryFailed_afterAThresholdStoppedTheRun_alsoRunsTheTargetsTheStopCancelled_wavesAndAll() throws Exception {
        String pkg = Catalog.createPackage("ctl-restop");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: 6 hosts in waves of 1, 2 and 3, all broken for now; the canary fails and maxErrors 0 stops the run.
        FleetSimulator fleet = startFleet(pkg, 6, FAST);
        fleet.agents().forEach(agent -> agent.outcomes(OutcomeModel.successRate(0, Duration.ofMillis(50),
                Duration.ofMillis(50))));
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of("waves",
                List.of("1", "2"), "maxConcurrency", "100%", "maxErrors", "0")));
        Rollouts.control("startRollout", rollout);
        JsonPath stopped = Rollouts.awaitState(rollout, "FAILED", Duration.ofMinutes(1));
        assertThat(stopped.getInt("counts.failed")).isEqualTo(1);
        assertThat(stopped.getInt("counts.cancelled")).isEqualTo(5);

        String canary = Rollouts.invocations(rollout, "FAILED").get(0).get("instanceId").toString();

        // When: the hosts are fixed and the operator retries.
        fleet.agents().forEach(agent -> agent.outcomes(null));
        JsonPath reopened = Rollouts.control("retryFailed", rollout);

        // Then: the canary runs again and the five the stop cancelled run for the first time, wave by wave.
        assertThat(reopened.getString("state")).isEqualTo("RUNNING");
        assertThat(reopened.getInt("counts.pending")).isEqualTo(6);
        assertThat(reopened.getInt("currentWave")).isEqualTo(1);
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));
        assertThat(done.getInt("counts.success")).isEqualTo(6);
        assertThat(done.getString("stateReason")).isEqualTo("6 succeeded, 0 failed or timed out, 0 skipped");
        assertThat(Rollouts.allInvocations(rollout)).allSatisfy(i -> assertThat(i.get("attempt"))
                .isEqualTo(canary.equals(i.get("instanceId")) ? 2 : 1));
        for (SimulatedAgent agent : fleet.agents()) {
            assertThat(agent.installed()).containsEntry(pkg, "1.0.0");
        }
        assertNoHostRanACommandTwice(fleet);
        assertThat(eventTypes(assertEventsGapFree(rollout))).containsSubsequence("ROLLOUT_FAILED",
                "RETRY_REQUESTED", "WAVE_STARTED", "WAVE_STARTED", "ROLLOUT_SUCCEEDED");
    }

    /** A run caught in the middle of its only wave. */
    record MidWave(String pkg, FleetSimulator fleet, String rollout) {
    }

    /** Ten slow hosts, one wave, two at a time, started and waited on until two hosts are done. */
    private MidWave tenSlowHostsTwoAtATime(String prefix) throws Exception {
        String pkg = Catalog.createPackage(prefix);
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        FleetSimulator fleet = startFleet(pkg, 10, SLOW);
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg),
                Map.of("waves", List.of("100%"), "maxConcurrency", "2")));
        Rollouts.control("startRollout", rollout);
        awaitAtLeastSucceeded(rollout, 2);
        return new MidWave(pkg, fleet, rollout);
    }

    private static void awaitAtLeastSucceeded(String rollout, int count) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> Rollouts.get(rollout).getInt("counts.success") >= count);
    }

    private static JsonPath awaitWaitingForApproval(String rollout, int wave) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonPath now = Rollouts.get(rollout);
                    return "APPROVAL".equals(now.getString("waitingFor")) && now.getInt("currentWave") == wave;
                });
        return Rollouts.get(rollout);
    }
}
