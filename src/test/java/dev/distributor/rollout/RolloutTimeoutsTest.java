package dev.distributor.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Fleet;
import dev.distributor.testing.Rollouts;
import dev.distributor.testing.SmallLimitsShortLease;
import dev.distributor.testing.TestDatabase;

/**
 * Timeouts: a script the host itself times out, a host that never reports the end of its command (the engine's
 * backstop: commandTimeout x scripts + report grace), and a target that never comes for its command (deliveryTimeout).
 */
@QuarkusTest
@TestProfile(SmallLimitsShortLease.class)
class RolloutTimeoutsTest extends RolloutFleetTestBase {

    /**
     * At two rollouts a tick (SmallLimitsShortLease), every rollout another class or an earlier run left running would slow this
     * class's runs by a turn in the queue each: with enough of them the waits below run out. None may be left.
     */
    @BeforeEach
    void noOtherRolloutForTheEngineToDrive() {
        TestDatabase.deleteRolloutsTheEngineWouldDrive();
    }

    private static final OutcomeModel FAST = OutcomeModel.alwaysSucceeds(Duration.ofMillis(50));

    @Test
    void aScriptTheHostTimesOut_endsTimedOut_andCountsAgainstTheErrorBudget() throws Exception {
        String pkg = Catalog.createPackage("to-script");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        FleetSimulator fleet = startFleet(pkg, 4, FAST);
        SimulatedAgent slow = fleet.agent(0);
        slow.outcomes(OutcomeModel.builder().timeout(1).duration(Duration.ofMillis(50), Duration.ofMillis(50))
                .build());
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of("waves",
                List.of("100%"), "maxConcurrency", "100%", "maxErrors", "0", "commandTimeoutSeconds", 1)));

        Rollouts.control("startRollout", rollout);

        JsonPath failed = Rollouts.awaitState(rollout, "FAILED", Duration.ofMinutes(1));
        assertThat(failed.getString("stateReason")).contains("1 failed or timed out, more than maxErrors (0)");
        JsonPath settled = awaitNothingOut(rollout, Duration.ofSeconds(30));
        assertThat(settled.getInt("counts.timedOut")).isEqualTo(1);
        Map<String, Object> timedOut = Rollouts.invocations(rollout, "TIMED_OUT").get(0);
        assertThat(timedOut.get("instanceId")).isEqualTo(slow.instanceId());
        assertThat(timedOut.get("exitCode")).isEqualTo(124);
        assertNoHostRanACommandTwice(fleet);
    }

    @Test
    void aHostThatNeverReportsTheEnd_isTimedOutByTheEngine_afterCommandTimeoutTimesScriptsPlusGrace()
            throws Exception {
        String pkg = Catalog.createPackage("to-hang");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: 3 hosts; one starts its command and hangs far beyond its limit without reporting.
        FleetSimulator fleet = startFleet(pkg, 3, FAST);
        SimulatedAgent hung = fleet.agent(0);
        hung.outcomes(OutcomeModel.alwaysSucceeds(Duration.ofMinutes(10)));
        // A reinstall may take eight steps of 1 s each: with a 1 s grace the engine gives up after 9 s.
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of("waves",
                List.of("100%"), "maxConcurrency", "100%", "maxErrors", "1", "waveSuccessPercent", 0,
                "commandTimeoutSeconds", 1)));

        Rollouts.control("startRollout", rollout);
        // When: the two others are done and the hung host runs its command, 9 s pass on the service's clock.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonPath now = Rollouts.get(rollout);
            return now.getInt("counts.success") == 2 && now.getInt("counts.inProgress") == 1;
        });
        clock.advance(Duration.ofSeconds(9));
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));

        // Then: the hung host's invocation was given up as TIMED_OUT, not left IN_PROGRESS forever.
        assertThat(done.getInt("counts.success")).isEqualTo(2);
        assertThat(done.getInt("counts.timedOut")).isEqualTo(1);
        Map<String, Object> timedOut = Rollouts.invocations(rollout, "TIMED_OUT").get(0);
        assertThat(timedOut.get("instanceId")).isEqualTo(hung.instanceId());
        assertThat((String) timedOut.get("statusReason")).isEqualTo("no final report within 9 s of the start");
        assertThat(secondsBetween(rollout, hung.instanceId(), "startedAt", "finishedAt")).isGreaterThanOrEqualTo(9);
        // And: the host is still running it (it has not reported): it ran it once and recorded nothing final.
        String commandId = (String) timedOut.get("commandId");
        assertThat(hung.executions(commandId)).isEqualTo(1);
        assertThat(hung.recordedStatus(commandId)).isEqualTo("IN_PROGRESS");
        // And: the service gave its command up too, so the host takes new commands once it is back.
        assertThat(Agents.row("select state, step from agent_command where id = ?", UUID.fromString(commandId)))
                .containsExactly("TIMED_OUT", "no-report");
    }

    @Test
    void anOfflineTarget_waitsQueued_untilTheDeliveryTimeout_thenTimesOut_andItsCommandIsWithdrawn()
            throws Exception {
        String pkg = Catalog.createPackage("to-offline");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: two live hosts and a target that was last seen an hour ago and never polls.
        FleetSimulator fleet = startFleet(pkg, 2, FAST);
        String offline = Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", "123456789012", "eu-west-1",
                "{\"fleet\":\"" + pkg + "\"}", OffsetDateTime.now().minusHours(1)));
        Map<String, Object> deployment = Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of("waves",
                List.of("100%"), "maxConcurrency", "100%", "maxErrors", "1", "waveSuccessPercent", 0,
                "deliveryTimeoutSeconds", 5));
        JsonPath plan = Rollouts.plan(Map.of("deployment", deployment));
        assertThat(plan.getInt("offlineCount")).isEqualTo(1);
        assertThat(plan.getList("targets.findAll { !it.online }.instanceId", String.class)).containsExactly(offline);
        String rollout = Rollouts.create(deployment);

        Rollouts.control("startRollout", rollout);

        // Then: the live hosts install; the offline target's command waits queued.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonPath now = Rollouts.get(rollout);
            return now.getInt("counts.success") == 2 && now.getInt("counts.queued") == 1;
        });
        // And: after the delivery timeout (5 s on the service's clock) it is TIMED_OUT, and the run ends within its
        // budget of one error.
        clock.advance(Duration.ofSeconds(9));
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));
        assertThat(done.getInt("counts.timedOut")).isEqualTo(1);
        Map<String, Object> timedOut = Rollouts.invocations(rollout, "TIMED_OUT").get(0);
        assertThat(timedOut.get("instanceId")).isEqualTo(offline);
        assertThat((String) timedOut.get("statusReason")).isEqualTo("not delivered within 5 s (target offline?)");
        assertThat(secondsBetween(rollout, offline, "queuedAt", "finishedAt")).isGreaterThanOrEqualTo(5);
        // And: its command was withdrawn, so the target does not run it when it comes back.
        assertThat(service().command(UUID.fromString((String) timedOut.get("commandId"))).state())
                .isEqualTo("CANCELLED");
        assertNoHostRanACommandTwice(fleet);
        assertThat(commandsRun(fleet)).isEqualTo(2);
    }

    /** Seconds between two timestamps of a target's invocation (both from the database clock). */
    private static long secondsBetween(String rollout, String instanceId, String from, String to) {
        Map<String, Object> invocation = Rollouts.allInvocations(rollout).stream()
                .filter(i -> instanceId.equals(i.get("instanceId"))).findFirst().orElseThrow();
        return Duration.between(OffsetDateTime.parse((String) invocation.get(from)),
                OffsetDateTime.parse((String) invocation.get(to))).toSeconds();
    }
}
