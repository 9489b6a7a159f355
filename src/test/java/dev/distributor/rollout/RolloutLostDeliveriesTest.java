package dev.distributor.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.FaultModel;
import dev.distributor.simulator.FleetObservations;
import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Rollouts;
import dev.distributor.testing.SmallLimitsShortLease;
import dev.distributor.testing.TestDatabase;

/** A rollout over an unreliable fleet: lost poll answers and agents restarting mid-command (DESIGN.md §5, §6). */
@QuarkusTest
@TestProfile(SmallLimitsShortLease.class)
class RolloutLostDeliveriesTest extends RolloutFleetTestBase {

    /**
     * At two rollouts a tick (SmallLimitsShortLease), every rollout another class or an earlier run left running would slow this
     * class's runs by a turn in the queue each: with enough of them the waits below run out. None may be left.
     */
    @BeforeEach
    void noOtherRolloutForTheEngineToDrive() {
        TestDatabase.deleteRolloutsTheEngineWouldDrive();
    }

    @Test
    void lostDeliveriesAndAgentRestarts_duringARollout_neverMakeAHostRunItsCommandTwice() throws Exception {
        String pkg = Catalog.createPackage("lost");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: 20 hosts; a third of first deliveries are lost (redelivered after the 2 s lease), and a fifth of the
        // hosts restart while running their command (reported FAILED, agent-restarted). Short polls, so a poll held
        // across the lease's end does not delay the redelivery.
        FleetSimulator fleet = startFleet(pkg, 20, OutcomeModel.alwaysSucceeds(Duration.ofMillis(300)),
                builder -> builder.pollWaitSeconds(2)
                        .faults(FaultModel.NONE.withDropFirstDeliveryRate(0.3).withRestartMidCommandRate(0.2)));
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of("waves",
                List.of("25%"), "maxConcurrency", "50%", "maxErrors", "100%", "waveSuccessPercent", 0)));

        Rollouts.control("startRollout", rollout);
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(2));

        // Then: every target ended; the only failures are the restarts, each reported once by its host.
        FleetObservations seen = fleet.observations();
        int failed = done.getInt("counts.failed");
        assertThat(done.getInt("counts.success") + failed).isEqualTo(20);
        assertThat((long) failed).isEqualTo(seen.restarts());
        assertThat(Rollouts.invocations(rollout, "FAILED"))
                .allSatisfy(i -> assertThat(i.get("step")).isEqualTo(SimulatedAgent.RESTART_STEP));
        // And: lost answers were delivered again, yet each host ran its one command exactly once.
        assertThat(fleet.agents().stream().flatMap(a -> a.receipts().stream()).filter(r -> r.dropped()))
                .isNotEmpty();
        assertThat(fleet.agents().stream().flatMap(a -> a.receipts().stream()).filter(r -> r.delivery() > 1))
                .isNotEmpty();
        assertNoHostRanACommandTwice(fleet);
        assertThat(commandsRun(fleet)).isEqualTo(20);
        assertThat(fleet.agents().stream().filter(a -> "1.0.0".equals(a.installed().get(pkg))))
                .hasSize(done.getInt("counts.success"));
        assertWavesRanInOrder(assertEventsGapFree(rollout), Rollouts.allInvocations(rollout));
    }
}
