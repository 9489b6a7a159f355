package dev.distributor.rollout;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;

/**
 * What happens to a run when its fleet changes under it (issue 15): hosts that leave, a host that is offline while the
 * run is paused, and a run with nothing to do.
 */
@QuarkusTest
class RolloutMidRunChangesTest extends RolloutFleetTestBase {

    private static final OutcomeModel FAST = OutcomeModel.alwaysSucceeds(Duration.ofMillis(50));

    @Test
    void hostsDeregisteredMidRun_pendingQueuedOrRunning_endCancelledAtOnce_areNoErrors_andTheRunGoesOn()
            throws Exception {
        String pkg = Catalog.createPackage("leave");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: 5 hosts, two at a time, no error tolerated. The first in plan order runs for ten minutes, the
        // second is offline so its command waits QUEUED, the third waits PENDING for a slot.
        FleetSimulator fleet = startFleet(pkg, 5, FAST);
        Map<String, Object> deployment = Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of(
                "waves", List.of("100%"), "maxConcurrency", "2", "maxErrors", "0"));
        List<String> order = Rollouts.plan(Map.of("deployment", deployment)).getList("targets.instanceId",
                String.class);
        String running = order.get(0);
        String queued = order.get(1);
        String pending = order.get(2);
        SimulatedAgent runningHost = fleet.agent(running).orElseThrow();
        runningHost.outcomes(OutcomeModel.alwaysSucceeds(Duration.ofMinutes(10)));
        fleet.agent(queued).orElseThrow().goOffline();
        String rollout = Rollouts.create(deployment);
        Rollouts.control("startRollout", rollout);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath now = Rollouts.get(rollout);
            return now.getInt("counts.inProgress") == 1 && now.getInt("counts.queued") == 1;
        });
        assertThat(Rollouts.get(rollout).getInt("counts.pending")).isEqualTo(3);

        // When: the three leave the fleet (the pending one first, so it cannot take a freed slot meanwhile).
        for (String host : List.of(pending, queued, running)) {
            GraphQL.ok("mutation($id: String!) { deregisterTarget(instanceId: $id) }", vars("id", host));
        }

        // Then: without any timeout passing, the three are CANCELLED "target deregistered", the two others run, and
        // the run succeeds although maxErrors is 0.
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));
        assertThat(done.getInt("counts.cancelled")).isEqualTo(3);
        assertThat(done.getInt("counts.success")).isEqualTo(2);
        assertThat(done.getInt("counts.failed")).isZero();
        assertThat(done.getString("stateReason")).isEqualTo(
                "2 succeeded, 0 failed or timed out, 0 skipped, 3 cancelled");
        List<Map<String, Object>> cancelled = Rollouts.invocations(rollout, "CANCELLED");
        assertThat(cancelled).extracting(i -> i.get("instanceId")).containsExactlyInAnyOrder(running, queued,
                pending);
        assertThat(cancelled).allSatisfy(i -> assertThat(i.get("statusReason")).isEqualTo("target deregistered"));
        // And: the running host's command ended with the deregistration, not hours later.
        String runningCommand = (String) cancelled.stream().filter(i -> running.equals(i.get("instanceId")))
                .findFirst().orElseThrow().get("commandId");
        assertThat(Agents.command(UUID.fromString(runningCommand)).state()).isEqualTo("CANCELLED");
        assertThat(runningHost.executions()).hasSize(1);
        assertEventsGapFree(rollout);
    }

    @Test
    void pausingWhileACommandWaitsForAnOfflineHost_withdrawsIt_theHostComingBackRunsNothing_andResumeRunsIt()
            throws Exception {
        String pkg = Catalog.createPackage("pause-offline");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: 3 hosts, all at once; one is offline, so its command waits QUEUED while the two others succeed.
        FleetSimulator fleet = startFleet(pkg, 3, FAST);
        SimulatedAgent offline = fleet.agents().get(0);
        WaitingRun waiting = startWaitingFor(offline, pkg, 2);
        String rollout = waiting.rollout();
        String withdrawnCommand = waiting.command();

        // When: the operator pauses.
        JsonPath paused = Rollouts.control("pauseRollout", rollout);

        // Then: the command no host had started is withdrawn and its invocation is PENDING again.
        assertThat(paused.getString("state")).isEqualTo("PAUSED");
        assertThat(paused.getInt("counts.queued")).isZero();
        assertThat(paused.getInt("counts.pending")).isEqualTo(1);
        Map<String, Object> invocation = Rollouts.invocations(rollout, "PENDING").get(0);
        assertThat(invocation.get("instanceId")).isEqualTo(offline.instanceId());
        assertThat(invocation.get("statusReason")).isEqualTo("command withdrawn: rollout paused");
        assertThat(invocation.get("commandId")).isNull();
        assertThat(Agents.command(UUID.fromString(withdrawnCommand)).state()).isEqualTo("CANCELLED");

        // When: the host comes back while the run is paused, it polls and runs nothing.
        long pollsBefore = offline.pollsAnswered();
        offline.comeBack();
        await().atMost(Duration.ofSeconds(30)).until(() -> offline.pollsAnswered() > pollsBefore);
        assertNothingMovesFor(rollout, Duration.ofSeconds(2));
        assertThat(offline.executions()).isEmpty();
        assertThat(offline.installed()).doesNotContainKey(pkg);

        // When: resumed, the invocation is queued again with a new command, and the host runs it.
        Rollouts.control("resumeRollout", rollout);
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));

        assertThat(done.getInt("counts.success")).isEqualTo(3);
        assertThat(offline.installed()).containsEntry(pkg, "1.0.0");
        assertThat(offline.executions()).hasSize(1).doesNotContainKey(withdrawnCommand);
        assertNoHostRanACommandTwice(fleet);
        List<Map<String, Object>> events = assertEventsGapFree(rollout);
        assertThat(events.stream().filter(e -> offline.instanceId().equals(e.get("instanceId")))
                .map(e -> (String) e.get("status")))
                .containsExactly("QUEUED", "PENDING", "QUEUED", "IN_PROGRESS", "SUCCESS");
    }

    @Test
    void aCommandWithdrawnByAChangeThatDidNotCommit_isQueuedAgain_notLeftCancelled() throws Exception {
        String pkg = Catalog.createPackage("withdraw-lost");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: a run whose command waits QUEUED for an offline host.
        FleetSimulator fleet = startFleet(pkg, 2, FAST);
        SimulatedAgent offline = fleet.agents().get(0);
        WaitingRun waiting = startWaitingFor(offline, pkg, 1);
        String rollout = waiting.rollout();
        String lostCommand = waiting.command();

        // When: its command is withdrawn in the driver's own transaction, as a pause does, but the pause's own
        // transaction never commits (the replica died in between): the run is RUNNING, the invocation QUEUED.
        Agents.update("update agent_command set state = 'CANCELLED', finished_at = now() where id = ?",
                UUID.fromString(lostCommand));

        // Then: the next pass queues the invocation again with a new command, and the host runs that when it returns.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<Map<String, Object>> queued = Rollouts.invocations(rollout, "QUEUED");
            return queued.size() == 1 && !lostCommand.equals(queued.get(0).get("commandId"));
        });
        offline.comeBack();
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));
        assertThat(done.getInt("counts.success")).isEqualTo(2);
        assertThat(done.getInt("counts.cancelled")).isZero();
        assertThat(offline.executions()).hasSize(1).doesNotContainKey(lostCommand);
        assertThat(assertEventsGapFree(rollout).stream()
                .filter(e -> offline.instanceId().equals(e.get("instanceId")))
                .map(e -> (String) e.get("status")))
                .containsExactly("QUEUED", "PENDING", "QUEUED", "IN_PROGRESS", "SUCCESS");
    }

    @Test
    void aThresholdsPause_withdrawsACommandWaitingForAnOfflineHost_too() throws Exception {
        String pkg = Catalog.createPackage("trip-offline");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: 3 hosts at once, no error tolerated, onFailure PAUSE: one fails, one is offline, one succeeds.
        FleetSimulator fleet = startFleet(pkg, 3, FAST);
        SimulatedAgent failing = fleet.agents().get(0);
        SimulatedAgent offline = fleet.agents().get(1);
        failing.outcomes(OutcomeModel.successRate(0, Duration.ofMillis(50), Duration.ofMillis(50)));
        offline.goOffline();
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of(
                "waves", List.of("100%"), "maxConcurrency", "100%", "maxErrors", "0", "waveSuccessPercent", 0,
                "onFailure", "PAUSE")));

        Rollouts.control("startRollout", rollout);

        // Then: the failure pauses the run, and the offline host's command is taken back before it could run.
        JsonPath paused = Rollouts.awaitState(rollout, "PAUSED", Duration.ofMinutes(1));
        assertThat(paused.getString("pauseCause")).isEqualTo("MAX_ERRORS");
        JsonPath settled = awaitNothingOut(rollout, Duration.ofSeconds(30));
        assertThat(settled.getInt("counts.pending")).isEqualTo(1);
        Map<String, Object> withdrawn = Rollouts.invocations(rollout, "PENDING").get(0);
        assertThat(withdrawn.get("instanceId")).isEqualTo(offline.instanceId());
        assertThat(withdrawn.get("statusReason")).isEqualTo("command withdrawn: rollout paused");

        // When: the host comes back it runs nothing; once resumed it runs the command and the run completes.
        long pollsBefore = offline.pollsAnswered();
        offline.comeBack();
        await().atMost(Duration.ofSeconds(30)).until(() -> offline.pollsAnswered() > pollsBefore);
        assertThat(offline.executions()).isEmpty();
        Rollouts.control("resumeRollout", rollout);
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));

        assertThat(done.getInt("counts.success")).isEqualTo(2);
        assertThat(done.getInt("counts.failed")).isEqualTo(1);
        assertThat(offline.installed()).containsEntry(pkg, "1.0.0");
        assertNoHostRanACommandTwice(fleet);
    }

    @Test
    void aRunWhoseEveryTargetIsSkipped_answersSucceededToStartRollout() throws Exception {
        String pkg = Catalog.createPackage("all-skipped");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: an uninstall on two hosts that do not have the package: each target is skipped, NOT_INSTALLED.
        startFleet(pkg, 2, FAST);
        Map<String, Object> uninstall = new java.util.HashMap<>(Rollouts.deployment(pkg, "1.0.0", tag(pkg),
                Map.of()));
        uninstall.put("action", "UNINSTALL");
        String rollout = Rollouts.create(uninstall);

        JsonPath started = Rollouts.control("startRollout", rollout);

        assertThat(started.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(started.getString("stateReason")).isEqualTo("0 succeeded, 0 failed or timed out, 2 skipped");
        assertThat(started.getInt("counts.skipped")).isEqualTo(2);
        assertThat(eventTypes(assertEventsGapFree(rollout))).containsExactly("ROLLOUT_STARTED", "ROLLOUT_SUCCEEDED");
    }

    /** A started run of {@code pkg} and the command it queued for a host that is offline. */
    private record WaitingRun(String rollout, String command) {
    }

    /**
     * Takes {@code offline} offline and starts a one-wave run of {@code pkg}'s 1.0.0 on the fleet; returns once the
     * {@code others} online hosts succeeded and the offline host's command waits QUEUED.
     */
    private WaitingRun startWaitingFor(SimulatedAgent offline, String pkg, int others) {
        offline.goOffline();
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of(
                "waves", List.of("100%"), "maxConcurrency", "100%")));
        Rollouts.control("startRollout", rollout);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath now = Rollouts.get(rollout);
            return now.getInt("counts.success") == others && now.getInt("counts.queued") == 1;
        });
        return new WaitingRun(rollout, (String) Rollouts.invocations(rollout, "QUEUED").get(0).get("commandId"));
    }
}
