package dev.distributor.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Rollouts;

/**
 * The error budget (maxErrors) and the wave threshold (waveSuccessPercent) over simulated fleets: a thousand hosts
 * under them and over them, and onFailure STOP versus PAUSE.
 */
@QuarkusTest
class RolloutThresholdsTest extends RolloutFleetTestBase {

    private static final int THOUSAND = 1000;
    private static final Duration FAST_MIN = Duration.ofMillis(20);
    private static final Duration FAST_MAX = Duration.ofMillis(100);
    private static final OutcomeModel FAILS = OutcomeModel.successRate(0, FAST_MIN, FAST_MAX);
    private static final OutcomeModel SUCCEEDS = OutcomeModel.alwaysSucceeds(FAST_MIN);

    @Test
    void aThousandTargets_failingUnderTheThresholds_rollOutWaveAfterWave_andSucceed() throws Exception {
        String pkg = Catalog.createPackage("thr-under");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: 1,000 hosts of which about 2% fail, against a budget of 5% and 90% per wave.
        FleetSimulator fleet = startFleet(pkg, THOUSAND, OutcomeModel.successRate(0.98, FAST_MIN, FAST_MAX));
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of(
                "waves", List.of("10%", "30%"), "maxConcurrency", "20%", "maxErrors", "5%",
                "waveSuccessPercent", 90)));

        Rollouts.control("startRollout", rollout);
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(5));

        // Then: the run went through all three waves and every target ended, successes and failures alike.
        assertThat(done.getList("waveSizes", Integer.class)).containsExactly(100, 300, 600);
        assertThat(done.getInt("maxConcurrency")).isEqualTo(200);
        assertThat(done.getInt("maxErrors")).isEqualTo(50);
        assertThat(done.getList("waves.state", String.class)).containsOnly("DONE");
        int success = done.getInt("counts.success");
        int failed = done.getInt("counts.failed");
        assertThat(success + failed).isEqualTo(THOUSAND);
        assertThat(failed).as("some failed, within the budget").isPositive().isLessThanOrEqualTo(50);
        // And: the hosts agree: each ran its one command once, and exactly the successful ones have the version.
        assertNoHostRanACommandTwice(fleet);
        assertThat(commandsRun(fleet)).isEqualTo(THOUSAND);
        assertThat(fleet.agents().stream().filter(a -> "1.0.0".equals(a.installed().get(pkg)))).hasSize(success);
        assertWavesRanInOrder(assertEventsGapFree(rollout), Rollouts.allInvocations(rollout));
    }

    @Test
    void aThousandTargets_failingOverTheErrorBudget_withOnFailureStop_failTheRun_andCancelWhatHadNotStarted()
            throws Exception {
        String pkg = Catalog.createPackage("thr-stop");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: 1,000 hosts of which about 15% fail, against a budget of 5% (50).
        FleetSimulator fleet = startFleet(pkg, THOUSAND, OutcomeModel.successRate(0.85, FAST_MIN, FAST_MAX));
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of(
                "waves", List.of("10%", "30%"), "maxConcurrency", "20%", "maxErrors", "5%",
                "waveSuccessPercent", 50, "onFailure", "STOP")));

        Rollouts.control("startRollout", rollout);
        JsonPath failedRun = Rollouts.awaitState(rollout, "FAILED", Duration.ofMinutes(5));

        // Then: the run failed on the budget, not on a wave, and is not paused.
        assertThat(failedRun.getString("stateReason")).contains("maxErrors (50)");
        assertThat(failedRun.getString("pauseCause")).isNull();
        // And: what was out finishes and reports; everything not started was cancelled, the last wave entirely.
        JsonPath settled = awaitNothingOut(rollout, Duration.ofMinutes(2));
        int success = settled.getInt("counts.success");
        int failed = settled.getInt("counts.failed");
        int cancelled = settled.getInt("counts.cancelled");
        assertThat(settled.getInt("counts.pending")).isZero();
        assertThat(failed).isGreaterThan(50);
        assertThat(cancelled).isGreaterThanOrEqualTo(600);
        assertThat(success + failed + cancelled).isEqualTo(THOUSAND);
        assertThat(settled.getInt("waves[2].counts.success") + settled.getInt("waves[2].counts.failed")).isZero();
        assertThat(Rollouts.invocations(rollout, "CANCELLED")).allSatisfy(
                i -> assertThat((String) i.get("statusReason")).startsWith("rollout stopped: "));
        // And: no cancelled command ran anywhere: hosts ran exactly the commands that ended, each once.
        assertNoHostRanACommandTwice(fleet);
        assertThat(commandsRun(fleet)).isEqualTo(success + failed);
        assertThat(fleet.agents().stream().filter(a -> a.installed().containsKey(pkg))).hasSize(success);
        List<Map<String, Object>> events = assertEventsGapFree(rollout);
        assertThat(eventTypes(events)).contains("ROLLOUT_FAILED").doesNotContain("ROLLOUT_SUCCEEDED");
    }

    @Test
    void overTheErrorBudget_withOnFailurePause_theRunPauses_andResumingAcceptsTheErrorsSoFar() throws Exception {
        String pkg = Catalog.createPackage("thr-pause");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: 20 hosts, 5 of which fail, against a budget of 2 errors.
        // (the first five in plan order, so the run pauses with most of it still to do).
        FleetSimulator fleet = startFleet(pkg, 20, OutcomeModel.alwaysSucceeds(Duration.ofMillis(100)));
        Map<String, Object> deployment = Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of(
                "waves", List.of("100%"), "maxConcurrency", "4", "maxErrors", "2", "waveSuccessPercent", 0,
                "onFailure", "PAUSE"));
        Rollouts.plan(Map.of("deployment", deployment)).getList("targets.instanceId", String.class).subList(0, 5)
                .forEach(id -> fleet.agent(id).orElseThrow().outcomes(FAILS));
        String rollout = Rollouts.create(deployment);

        Rollouts.control("startRollout", rollout);

        // Then: the third failure pauses the run, for the budget.
        JsonPath paused = Rollouts.awaitState(rollout, "PAUSED", Duration.ofMinutes(2));
        assertThat(paused.getString("pauseCause")).isEqualTo("MAX_ERRORS");
        assertThat(paused.getString("stateReason")).contains("more than maxErrors (2)");
        JsonPath settled = awaitNothingOut(rollout, Duration.ofSeconds(30));
        assertThat(settled.getInt("counts.failed")).isGreaterThan(2);
        assertThat(settled.getInt("counts.pending")).isPositive();
        assertNothingMovesFor(rollout, Duration.ofSeconds(2));

        // When: the operator resumes, the errors so far are accepted; the rest of the failing hosts stay in budget.
        JsonPath resumed = Rollouts.control("resumeRollout", rollout);
        assertThat(resumed.getString("state")).isEqualTo("RUNNING");
        assertThat(resumed.getString("pauseCause")).isNull();
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(2));

        assertThat(done.getInt("counts.success")).isEqualTo(15);
        assertThat(done.getInt("counts.failed")).isEqualTo(5);
        assertNoHostRanACommandTwice(fleet);
        assertThat(commandsRun(fleet)).isEqualTo(20);
        assertThat(eventTypes(assertEventsGapFree(rollout)))
                .containsSubsequence("ROLLOUT_STARTED", "ROLLOUT_PAUSED", "ROLLOUT_RESUMED", "ROLLOUT_SUCCEEDED");
    }

    @Test
    void halfAWaveFailingAtOnce_withMaxErrorsZeroAndPause_needsOneResume_andANewFailureAfterItTripsAgain()
            throws Exception {
        String pkg = Catalog.createPackage("thr-once");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: waves of 20 then 10, all of a wave at once, no error tolerated, 95% per wave. Half of wave 1 fails
        // after 5 s (every one of its hosts has started by then); in wave 2 one host fails after 2 s.
        FleetSimulator fleet = startFleet(pkg, 30, SUCCEEDS);
        Map<String, Object> deployment = Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of(
                "waves", List.of("20"), "maxConcurrency", "100%", "maxErrors", "0", "onFailure", "PAUSE"));
        List<String> order = Rollouts.plan(Map.of("deployment", deployment)).getList("targets.instanceId",
                String.class);
        Duration five = Duration.ofSeconds(5);
        Duration two = Duration.ofSeconds(2);
        for (int i = 0; i < 30; i++) {
            fleet.agent(order.get(i)).orElseThrow().outcomes(i < 10 || i == 20
                    ? OutcomeModel.successRate(0, i < 20 ? five : two, i < 20 ? five : two)
                    : OutcomeModel.alwaysSucceeds(i < 20 ? five : two));
        }
        String rollout = Rollouts.create(deployment);
        Rollouts.control("startRollout", rollout);

        // Then: the run pauses on the budget; once wave 1 has reported, the reason counts all ten failures.
        JsonPath paused = Rollouts.awaitState(rollout, "PAUSED", Duration.ofMinutes(1));
        assertThat(paused.getString("pauseCause")).isEqualTo("MAX_ERRORS");
        JsonPath settled = awaitNothingOut(rollout, Duration.ofSeconds(30));
        assertThat(settled.getInt("waves[0].counts.failed")).isEqualTo(10);
        assertThat(settled.getInt("waves[0].counts.success")).isEqualTo(10);
        assertThat(settled.getInt("counts.pending")).isEqualTo(10);
        assertThat(settled.getString("stateReason")).isEqualTo("10 failed or timed out, more than maxErrors (0)");

        // When: the operator resumes once, the ten errors and the complete wave's 50% are accepted: wave 2 runs.
        assertThat(Rollouts.control("resumeRollout", rollout).getString("state")).isEqualTo("RUNNING");

        // Then: the new failure in wave 2 trips the budget again, and says which errors are new.
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> Rollouts.get(rollout).getInt("counts.failed") == 11);
        JsonPath pausedAgain = Rollouts.awaitState(rollout, "PAUSED", Duration.ofSeconds(30));
        assertThat(pausedAgain.getString("pauseCause")).isEqualTo("MAX_ERRORS");
        assertThat(pausedAgain.getString("stateReason"))
                .isEqualTo("11 failed or timed out (10 accepted by a resume, 1 since), more than maxErrors (0)");
        JsonPath settledAgain = awaitNothingOut(rollout, Duration.ofSeconds(30));
        assertThat(settledAgain.getInt("waves[1].counts.success")).isEqualTo(9);

        // When: resumed once more, the run completes (wave 2 at 90% is accepted with the error that paused it).
        Rollouts.control("resumeRollout", rollout);
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));

        assertThat(done.getInt("counts.success")).isEqualTo(19);
        assertThat(done.getInt("counts.failed")).isEqualTo(11);
        assertNoHostRanACommandTwice(fleet);
        assertThat(commandsRun(fleet)).isEqualTo(30);
        List<String> types = eventTypes(assertEventsGapFree(rollout));
        assertThat(types.stream().filter("ROLLOUT_PAUSED"::equals)).hasSize(2);
        assertThat(types).containsSubsequence("ROLLOUT_PAUSED", "ROLLOUT_RESUMED", "WAVE_COMPLETED", "WAVE_STARTED",
                "ROLLOUT_PAUSED", "ROLLOUT_RESUMED", "ROLLOUT_SUCCEEDED");
    }

    @Test
    void aWaveBelowWaveSuccessPercent_withOnFailurePause_holdsTheNextWave_untilResumeAcceptsIt() throws Exception {
        String pkg = Catalog.createPackage("thr-wave");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: 10 hosts that all fail for now; waves of 2 then 8; 50% of a wave must succeed; no error budget limit.
        FleetSimulator fleet = startFleet(pkg, 10, FAILS);
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of(
                "waves", List.of("2"), "maxConcurrency", "100%", "maxErrors", "100%", "waveSuccessPercent", 50,
                "onFailure", "PAUSE")));

        Rollouts.control("startRollout", rollout);

        // Then: wave 1 fails entirely and the run pauses before wave 2, which has not started.
        JsonPath paused = Rollouts.awaitState(rollout, "PAUSED", Duration.ofMinutes(1));
        assertThat(paused.getString("pauseCause")).isEqualTo("WAVE_THRESHOLD");
        assertThat(paused.getString("stateReason")).contains("wave 1: 0% succeeded");
        assertThat(paused.getInt("currentWave")).isEqualTo(1);
        assertThat(paused.getInt("counts.failed")).isEqualTo(2);
        assertThat(paused.getInt("waves[1].counts.pending")).isEqualTo(8);
        assertNothingMovesFor(rollout, Duration.ofSeconds(2));

        // When: the hosts are fixed and the operator resumes, wave 1 counts as passed and wave 2 runs.
        fleet.agents().forEach(agent -> agent.outcomes(SUCCEEDS));
        Rollouts.control("resumeRollout", rollout);
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));

        assertThat(done.getInt("waves[0].counts.failed")).isEqualTo(2);
        assertThat(done.getInt("waves[1].counts.success")).isEqualTo(8);
        assertNoHostRanACommandTwice(fleet);
        assertThat(commandsRun(fleet)).isEqualTo(10);
        assertWavesRanInOrder(assertEventsGapFree(rollout), Rollouts.allInvocations(rollout));
    }
}
