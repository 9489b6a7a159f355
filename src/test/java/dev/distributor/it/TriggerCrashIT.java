package dev.distributor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;

/**
 * A trigger fires from durable rows, never from a notification alone (DESIGN.md §6): what the service committed just
 * before a SIGKILL starts its run after the restart. The service first runs with a tick of an hour, so no tick can
 * run between the committed change and the kill (nothing the test does wakes the engine: only agents' reports do, and
 * no command is out); it restarts on the same port with the usual 250 ms tick.
 */
class TriggerCrashIT {

    private static final String TAG = "it";
    private static final Map<String, String> NO_TICK = Map.of("DISTRIBUTOR_ROLLOUT_TICK", "1h");
    private static final Map<String, String> USUAL_TICK = Map.of("DISTRIBUTOR_ROLLOUT_TICK", "250ms");
    private static final OutcomeModel FAST = OutcomeModel.alwaysSucceeds(Duration.ofMillis(50));
    private static final Map<String, Object> ALL_AT_ONCE = Map.of("waves", List.of("100%"), "maxConcurrency", "100%",
            "maxErrors", "0");

    @Test
    void aDefaultVersionChangeCommittedJustBeforeASigkill_startsItsRunAfterTheRestart() throws Exception {
        try (ServiceCluster cluster = ServiceCluster.start(NO_TICK)) {
            ServiceProcess service = cluster.replica("trigger-crash-default");
            ServiceApi api = new ServiceApi(service.baseUrl());
            String pkg = "it-trigger-default";
            api.createPackage(pkg);
            api.addPublishedVersion(pkg, "2.0.0");
            try (FleetSimulator fleet = Fleets.fleet(service.baseUrl(), List.of(api.createActivation(3, TAG, pkg)),
                    3, "dvc-", FAST)) {
                fleet.start().get();
                String deployment = api.createScheduledDeployment(pkg, TAG, pkg, "ON_DEFAULT_VERSION_CHANGE",
                        ALL_AT_ONCE);

                // When: the default changes (committed when the call returns) and the service is killed at once.
                api.setDefaultVersion(pkg, "2.0.0");
                assertThat(api.runs(deployment)).as("runs before the kill").isEmpty();
                service.kill();
                service.restart(USUAL_TICK);

                // Then: the run with the new version starts after the restart and every host gets 2.0.0, once.
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                        .until(() -> succeeded(api.runs(deployment)));
                assertThat(api.runs(deployment)).singleElement()
                        .satisfies(run -> assertThat(run.get("version")).isEqualTo("2.0.0"));
                await().atMost(Duration.ofSeconds(30)).until(() -> fleet.agents().stream()
                        .allMatch(agent -> "2.0.0".equals(agent.installed().get(pkg))));
                Fleets.assertEachRanOnce(List.of(fleet));
                assertThat(service.errorLines()).as("ERROR lines in " + service.log()).isEmpty();
            }
        }
    }

    @Test
    void aTargetRegisteringJustBeforeASigkill_getsThePackageAfterTheRestart() throws Exception {
        try (ServiceCluster cluster = ServiceCluster.start(NO_TICK)) {
            ServiceProcess service = cluster.replica("trigger-crash-new-target");
            ServiceApi api = new ServiceApi(service.baseUrl());
            String pkg = "it-trigger-new-target";
            api.createPackage(pkg);
            // Given: a deployment for every host tagged it=<pkg>, of which there is none yet.
            String deployment = api.createScheduledDeployment(pkg, TAG, pkg, "ON_NEW_TARGET", ALL_AT_ONCE);
            try (FleetSimulator fleet = Fleets.fleet(service.baseUrl(), List.of(api.createActivation(1, TAG, pkg)),
                    1, "newt-", FAST)) {
                // When: a host registers (committed when its registration is answered) and the service is killed.
                fleet.start().get();
                SimulatedAgent host = fleet.agent(0);
                assertThat(host.registered()).isTrue();
                assertThat(api.runs(deployment)).as("runs before the kill").isEmpty();
                service.kill();
                service.restart(USUAL_TICK);

                // Then: the host gets the package after the restart, once.
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                        .until(() -> succeeded(api.runs(deployment)));
                await().atMost(Duration.ofSeconds(30)).until(() -> "1.0.0".equals(host.installed().get(pkg)));
                assertThat(api.runs(deployment)).hasSize(1);
                Fleets.assertEachRanOnce(List.of(fleet));
                assertThat(service.errorLines()).as("ERROR lines in " + service.log()).isEmpty();
            }
        }
    }

    private static boolean succeeded(List<Map<String, Object>> runs) {
        return runs.size() == 1 && "SUCCEEDED".equals(runs.get(0).get("state"));
    }
}
