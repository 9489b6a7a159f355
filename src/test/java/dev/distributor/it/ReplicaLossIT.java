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
 * Replicas come and go during a run: of two replicas, the one the run was started through is SIGKILLed mid-run and
 * stays down a while. The other's engine must go on driving the run (recording its agents' reports as events), the
 * run must end once the first is back, and no host may run its command twice.
 */
class ReplicaLossIT {

    private static final int AGENTS = 300;
    private static final String TAG = "it";
    private static final String TAG_VALUE = "replica-loss";
    private static final Duration POLL = Duration.ofMillis(20);

    @Test
    void whileTheReplicaThatStartedTheRunIsDown_theOtherDrivesIt_andItEndsOnceBack() throws Exception {
        // A 5 s lease: a command whose answer died with the killed replica comes back within seconds, not a minute.
        try (ServiceCluster cluster = ServiceCluster.start(Map.of("DISTRIBUTOR_AGENT_LEASE", "5s"))) {
            List<ServiceProcess> replicas = cluster.replicas("replica-loss-a", "replica-loss-b");
            ServiceProcess a = replicas.get(0);
            ServiceProcess b = replicas.get(1);
            ServiceApi apiA = new ServiceApi(a.baseUrl());
            ServiceApi apiB = new ServiceApi(b.baseUrl());
            apiA.createPackage("it-replica-loss");
            OutcomeModel slow = OutcomeModel.builder().success(1)
                    .duration(Duration.ofMillis(500), Duration.ofMillis(1500)).build();
            try (FleetSimulator fleetA = Fleets.fleet(a.baseUrl(),
                    List.of(apiA.createActivation(AGENTS / 2, TAG, TAG_VALUE)), AGENTS / 2, "a-", slow);
                    FleetSimulator fleetB = Fleets.fleet(b.baseUrl(),
                            List.of(apiB.createActivation(AGENTS / 2, TAG, TAG_VALUE)), AGENTS / 2, "b-", slow);
                    LiveProgressWitness progress = new LiveProgressWitness(b::baseUrl, apiB)) {
                List<FleetSimulator> fleets = List.of(fleetA, fleetB);
                CompletableFuture.allOf(fleetA.start(), fleetB.start()).get();
                String rolloutId = apiA.createDeployment("it-replica-loss", TAG, TAG_VALUE,
                        Map.of("waves", List.of("100%"), "maxConcurrency", "60", "maxErrors", "0"));
                progress.watch(rolloutId);
                apiA.startRollout(rolloutId);

                // When: A dies a quarter of the way through the run.
                await().atMost(Duration.ofMinutes(1)).pollInterval(POLL)
                        .until(() -> Fleets.acknowledgedFinals(fleets) >= AGENTS / 4);
                a.kill();
                int seqAtKill = eventSeq(apiB, rolloutId);
                long receivedThroughB = fleetB.observations().commandsReceived();

                // Then: with A down, B's engine goes on driving the run: it records the reports of the agents polling
                // B (SUCCESS events) and dispatches more. (Targets are dispatched in instance-id order, which mixes
                // both halves; the commands for A's agents wait, queued, holding concurrency slots until A is back.)
                await().atMost(Duration.ofMinutes(1)).pollInterval(POLL)
                        .until(() -> eventSeq(apiB, rolloutId) >= seqAtKill + 20);
                System.out.printf("ReplicaLossIT: while A was down, B's engine wrote %d events; %d more commands "
                        + "reached agents polling B%n", eventSeq(apiB, rolloutId) - seqAtKill,
                        fleetB.observations().commandsReceived() - receivedThroughB);
                a.restart();

                // And: once A is back, the run ends, every host having run its command exactly once.
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> !"RUNNING".equals(apiB.state(rolloutId)));
                JsonPath rollout = apiB.rollout(rolloutId);
                assertThat(rollout.getString("state")).as(rollout.prettify()).isEqualTo("SUCCEEDED");
                assertThat(rollout.getInt("counts.success")).isEqualTo(AGENTS);
                Fleets.assertEachRanOnce(fleets);
                progress.verify(rolloutId, Fleets.instanceIds(fleets));
                assertThat(a.errorLines()).as("ERROR lines in " + a.log()).isEmpty();
                assertThat(b.errorLines()).as("ERROR lines in " + b.log()).isEmpty();
            }
        }
    }

    private static int eventSeq(ServiceApi api, String rolloutId) {
        return api.graphql("query($id: String!) { rollout(id: $id) { eventSeq } }", Map.of("id", rolloutId))
                .getInt("rollout.eventSeq");
    }
}
