package dev.distributor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;

/**
 * One replica of the packaged service, SIGKILLed three times during one rollout to 500 simulated agents and restarted
 * on the same port each time: while wave 1 is being dispatched, while wave 2 is half reported, and while the run
 * waits between waves 2 and 3. The run must still succeed, every host running its command exactly once.
 * <p>
 * Each moment is recognised from what the agents saw, not from sleeps: scripts take 1-2 s and at most 50 run at once,
 * so a wave takes several seconds to dispatch and to report, and a 12 s pause separates the waves (a margin over the 8 s the test allows itself to see the wait). A final report
 * counts once the service acknowledged it: ACCEPTED, or a duplicate of one whose answer the kill lost.
 */
class CrashRecoveryIT {

    private static final int AGENTS = 500;
    private static final String TAG = "it";
    private static final String TAG_VALUE = "crash-recovery";
    private static final Duration POLL = Duration.ofMillis(20);

    @Test
    void aRolloutSurvivesSigkillMidDispatchMidWaveAndBetweenWaves() throws Exception {
        // A command whose answer was lost with the killed process (committed as delivered, never received) is
        // delivered again only when its lease ends: 5 s instead of the default 60 s keeps the run short. Agents report
        // IN_PROGRESS at once, so a 5 s lease is still far longer than any acknowledgement takes here.
        try (ServiceCluster cluster = ServiceCluster.start(Map.of("DISTRIBUTOR_AGENT_LEASE", "5s"))) {
            ServiceProcess service = cluster.replica("crash-recovery");
            ServiceApi api = new ServiceApi(service.baseUrl());
            api.createPackage("it-crash-recovery");
            List<FleetSimulator.Activation> activations = List.of(api.createActivation(AGENTS / 2, TAG, TAG_VALUE),
                    api.createActivation(AGENTS / 2, TAG, TAG_VALUE));
            OutcomeModel slow = OutcomeModel.builder().success(1)
                    .duration(Duration.ofSeconds(1), Duration.ofSeconds(2)).build();
            try (FleetSimulator fleet = Fleets.fleet(service.baseUrl(), activations, AGENTS, "crash-", slow)) {
                List<FleetSimulator> fleets = List.of(fleet);
                fleet.start().get();
                String rolloutId = api.createDeployment("it-crash-recovery", TAG, TAG_VALUE, Map.of(
                        "waves", List.of("20%", "30%", "100%"), "maxConcurrency", "50", "maxErrors", "0",
                        "pauseBetweenWavesSeconds", 12));
                // A subscriber follows the run live; each kill drops its connection, and it resumes after each restart.
                LiveProgressWitness progress = new LiveProgressWitness(service::baseUrl, api);
                progress.watch(rolloutId);
                long started = System.nanoTime();
                api.startRollout(rolloutId);
                List<Integer> waves = api.graphql("query($id: String!) { rollout(id: $id) { waveSizes } }",
                        Map.of("id", rolloutId)).getList("rollout.waveSizes", Integer.class);
                assertThat(waves).as("wave sizes").hasSize(3);
                int wave1 = waves.get(0);
                int wave2 = waves.get(1);

                // 1. Mid-dispatch: some commands of wave 1 have arrived, most of it is still to be sent.
                await().atMost(Duration.ofMinutes(1)).pollInterval(POLL)
                        .until(() -> Fleets.commandsReceived(fleets) >= 10);
                long received = Fleets.commandsReceived(fleets);
                service.kill();
                System.out.printf("CrashRecoveryIT: killed mid-dispatch with %d of wave 1's %d commands received%n",
                        received, wave1);
                assertThat(received).as("commands received when killed mid-dispatch").isLessThan(wave1);
                service.restart();
                progress.resume();

                // 2. Mid-wave: some of wave 2's final reports accepted, the wave not done.
                await().atMost(Duration.ofMinutes(1)).pollInterval(POLL)
                        .until(() -> Fleets.acknowledgedFinals(fleets) >= wave1 + 10);
                long finals = Fleets.acknowledgedFinals(fleets);
                service.kill();
                System.out.printf(
                        "CrashRecoveryIT: killed mid-wave with %d of wave 2's %d final reports acknowledged%n",
                        finals - wave1, wave2);
                assertThat(finals).as("final reports acknowledged when killed mid-wave").isLessThan(wave1 + wave2);
                service.restart();
                progress.resume();

                // 3. Between waves: wave 2 fully reported, the run waiting out its pause, no wave 3 command out.
                await().atMost(Duration.ofMinutes(1)).pollInterval(POLL)
                        .until(() -> Fleets.acknowledgedFinals(fleets) >= wave1 + wave2);
                await().atMost(Duration.ofSeconds(8)).pollInterval(POLL)
                        .until(() -> "TIMER".equals(waitingFor(api, rolloutId)));
                received = Fleets.commandsReceived(fleets);
                service.kill();
                System.out.printf("CrashRecoveryIT: killed between waves 2 and 3 with %d commands received%n",
                        received);
                assertThat(received).as("commands received when killed between waves").isEqualTo(wave1 + wave2);
                service.restart();
                progress.resume();

                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> !"RUNNING".equals(api.state(rolloutId)));
                System.out.printf("CrashRecoveryIT: rollout ended %d ms after its start%n%s",
                        (System.nanoTime() - started) / 1_000_000, Fleets.summary(fleets));
                JsonPath rollout = api.rollout(rolloutId);
                assertThat(rollout.getString("state")).as(rollout.prettify()).isEqualTo("SUCCEEDED");
                assertThat(rollout.getInt("counts.success")).isEqualTo(AGENTS);
                Fleets.assertEachRanOnce(fleets);
                progress.verify(rolloutId, Fleets.instanceIds(fleets));
                progress.close();
                assertThat(service.errorLines()).as("ERROR lines in " + service.log()).isEmpty();
            }
        }
    }

    private static String waitingFor(ServiceApi api, String rolloutId) {
        return api.graphql("query($id: String!) { rollout(id: $id) { waitingFor } }", Map.of("id", rolloutId))
                .getString("rollout.waitingFor");
    }
}
