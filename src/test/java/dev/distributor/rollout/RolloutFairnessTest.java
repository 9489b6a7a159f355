package dev.distributor.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Rollouts;
import dev.distributor.testing.SmallLimitsShortLease;
import dev.distributor.testing.TestDatabase;

/** The engine drives a bounded number of rollouts per tick (two in this profile); none may starve the others. */
@QuarkusTest
@TestProfile(SmallLimitsShortLease.class)
class RolloutFairnessTest extends RolloutFleetTestBase {

    /**
     * The test counts on its own four rollouts being all the engine drives: at two a tick, every rollout another class
     * or an earlier run left running (the database is shared and kept) would take a turn in the queue too, and enough
     * of them would hold the busy rollout past its deadline however fair the engine is.
     */
    @BeforeEach
    void noOtherRolloutForTheEngineToDrive() {
        TestDatabase.deleteRolloutsTheEngineWouldDrive();
    }

    @Test
    void rolloutsWaitingForApproval_outnumberingATicksBatch_doNotStarveARolloutWithWorkToDo() throws Exception {
        String fleetName = Catalog.createPackage("fair");
        FleetSimulator fleet = startFleet(fleetName, 2, OutcomeModel.alwaysSucceeds(Duration.ofMillis(50)));
        // Given: three rollouts (of three packages) that ran their canary and wait for approval: more than a tick takes.
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String pkg = Catalog.createPackage("fair-waiting");
            Catalog.addLinuxVersion(pkg, "1.0.0", true);
            String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(fleetName),
                    Map.of("waves", List.of("1"), "manualApproval", true)));
            Rollouts.control("startRollout", rollout);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> "APPROVAL".equals(Rollouts.get(rollout).getString("waitingFor")));
            waiting.add(rollout);
        }

        // When: another rollout starts.
        String pkg = Catalog.createPackage("fair-busy");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        String busy = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(fleetName), Map.of()));
        Rollouts.control("startRollout", busy);

        // Then: it is driven to the end all the same.
        assertThat(Rollouts.awaitState(busy, "SUCCEEDED", Duration.ofMinutes(1)).getInt("counts.success"))
                .isEqualTo(2);
        assertThat(fleet.agents()).allSatisfy(a -> assertThat(a.installed()).containsEntry(pkg, "1.0.0"));
        waiting.forEach(rollout -> Rollouts.control("cancelRollout", rollout));
    }
}
