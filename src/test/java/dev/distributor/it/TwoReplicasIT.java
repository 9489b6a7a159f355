package dev.distributor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;

/**
 * Two replicas of the packaged service on one database: half of 1,000 simulated agents poll replica A, half replica B.
 * A deployment to all of them is created and started through A only, so B's held long polls must be woken by commands
 * A's engine queued (and every command handed out once, whichever replica's engine ticked). The run must succeed with
 * every host receiving and running its command exactly once, and replica B must see the whole run.
 */
class TwoReplicasIT {

    private static final int AGENTS = 1000;
    private static final String TAG = "it";
    private static final String TAG_VALUE = "two-replicas";

    @Test
    void aRolloutDrivenThroughOneReplicaReachesAgentsPollingBoth() throws Exception {
        try (ServiceCluster cluster = ServiceCluster.start(Map.of())) {
            // Both start at once on the empty database, as two replicas of a deployment do: one migrates.
            List<ServiceProcess> replicas = cluster.replicas("two-replicas-a", "two-replicas-b");
            ServiceProcess a = replicas.get(0);
            ServiceProcess b = replicas.get(1);
            ServiceApi apiA = new ServiceApi(a.baseUrl());
            ServiceApi apiB = new ServiceApi(b.baseUrl());
            apiA.createPackage("it-two-replicas");
            // Four activations, as a big fleet would be enrolled, two through each replica.
            List<FleetSimulator.Activation> viaA = List.of(apiA.createActivation(AGENTS / 4, TAG, TAG_VALUE),
                    apiA.createActivation(AGENTS / 4, TAG, TAG_VALUE));
            List<FleetSimulator.Activation> viaB = List.of(apiB.createActivation(AGENTS / 4, TAG, TAG_VALUE),
                    apiB.createActivation(AGENTS / 4, TAG, TAG_VALUE));
            OutcomeModel instant = OutcomeModel.alwaysSucceeds(Duration.ZERO);
            // Witnesses of the run on replica B: its event journal, and a subscriber following the run live there.
            List<RolloutWitness> witnesses = List.of(new EventJournalWitness(apiB),
                    new LiveProgressWitness(b::baseUrl, apiB));
            try (FleetSimulator fleetA = Fleets.fleet(a.baseUrl(), viaA, AGENTS / 2, "a-", instant);
                    FleetSimulator fleetB = Fleets.fleet(b.baseUrl(), viaB, AGENTS / 2, "b-", instant)) {
                List<FleetSimulator> fleets = List.of(fleetA, fleetB);
                long registering = System.nanoTime();
                CompletableFuture.allOf(fleetA.start(), fleetB.start()).get();
                System.out.printf("TwoReplicasIT: %d agents registered in %d ms%n", AGENTS,
                        (System.nanoTime() - registering) / 1_000_000);

                String rolloutId = apiA.createDeployment("it-two-replicas", TAG, TAG_VALUE, Map.of(
                        "waves", List.of("10%", "100%"), "maxConcurrency", "100%", "maxErrors", "0"));
                for (RolloutWitness witness : witnesses) {
                    witness.watch(rolloutId);
                }
                long started = System.nanoTime();
                apiA.startRollout(rolloutId);
                // Mid-run, PostgreSQL terminates both replicas' LISTEN connections: the notifications sent until they
                // are back are lost, and B's subscriber and both engines must still carry on without a gap.
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20))
                        .until(() -> Fleets.commandsReceived(fleets) >= AGENTS / 5);
                assertThat(ItDatabase.cutListenConnections()).as("LISTEN connections terminated").isEqualTo(2);
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> !"RUNNING".equals(apiA.state(rolloutId)));
                System.out.printf("TwoReplicasIT: rollout ended in %d ms%n%s", (System.nanoTime() - started)
                        / 1_000_000, Fleets.summary(fleets));

                JsonPath rollout = apiA.rollout(rolloutId);
                assertThat(rollout.getString("state")).as(rollout.prettify()).isEqualTo("SUCCEEDED");
                assertThat(rollout.getInt("counts.success")).isEqualTo(AGENTS);
                assertThat(apiB.rollout(rolloutId).getString("state")).as("as replica B reads it")
                        .isEqualTo("SUCCEEDED");
                Fleets.assertEachReceivedOnce(fleets);
                Fleets.assertEachRanOnce(fleets);
                assertThat(fleetA.observations().commandsReceived()).as("commands received through A")
                        .isEqualTo(AGENTS / 2);
                assertThat(fleetB.observations().commandsReceived()).as("commands received through B")
                        .isEqualTo(AGENTS / 2);
                for (RolloutWitness witness : witnesses) {
                    witness.verify(rolloutId, Fleets.instanceIds(fleets));
                }
                assertThat(a.errorLines()).as("ERROR lines in " + a.log()).isEmpty();
                assertThat(b.errorLines()).as("ERROR lines in " + b.log()).isEmpty();
            } finally {
                witnesses.forEach(RolloutWitness::close);
            }
        }
    }
}
