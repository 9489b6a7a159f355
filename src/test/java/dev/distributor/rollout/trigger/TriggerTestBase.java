package dev.distributor.rollout.trigger;

import static dev.distributor.testing.GraphQL.vars;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;

import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.Backoff;
import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.simulator.SimulatedFleetTestBase;
import dev.distributor.testing.Agents;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;

/**
 * Trigger tests over simulated fleets: each test tags its hosts {@code fleet=<its package>}, so its deployments select
 * only its own hosts although every test shares one database; every fleet and every scheduled deployment a test
 * started is stopped (its schedule paused) after it, so no trigger of one test acts in another.
 */
abstract class TriggerTestBase extends SimulatedFleetTestBase {

    static final OutcomeModel FAST = OutcomeModel.alwaysSucceeds(Duration.ofMillis(50));
    static final Duration LONG = Duration.ofMinutes(1);

    private final List<FleetSimulator> fleets = new ArrayList<>();
    private final List<String> deployments = new ArrayList<>();

    @AfterEach
    void stopFleetsAndSchedules() {
        fleets.forEach(FleetSimulator::stop);
        fleets.clear();
        deployments.forEach(id -> Agents.update("update deployment set schedule_paused = true where id = ?::uuid",
                id));
        deployments.clear();
    }

    static String tag(String pkg) {
        return "fleet=" + pkg;
    }

    /** Registers {@code agents} simulated hosts tagged {@code fleet=<pkg>} and waits until all are registered. */
    FleetSimulator startFleet(String pkg, int agents, OutcomeModel outcomes) throws Exception {
        var activation = service().activation(agents, Map.of("fleet", pkg));
        FleetSimulator fleet = simulator()
                .activation(activation.id().toString(), activation.code())
                .agents(agents)
                .hostnamePrefix(pkg + "-" + fleets.size() + "-")
                .pollWaitSeconds(10)
                .outcomes(outcomes)
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .build();
        fleets.add(fleet);
        fleet.start().get(5, TimeUnit.MINUTES);
        return fleet;
    }

    /** Creates a deployment of {@code pkg} with this schedule kind, all hosts at once; returns its id. */
    String createScheduled(String pkg, String version, Map<String, Object> selector, String kind, String overlap,
            Map<String, Object> strategy) {
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("kind", kind);
        if (overlap != null) {
            schedule.put("overlap", overlap);
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("packageName", pkg);
        input.put("version", version);
        input.put("selector", selector);
        input.put("strategy", strategy);
        input.put("schedule", schedule);
        String id = Rollouts.createAnswer(input).getString("id");
        deployments.add(id);
        return id;
    }

    /** The deployment's runs, newest first. */
    static List<Map<String, Object>> runs(String deploymentId) {
        return GraphQL.ok("""
                query($id: String!) { deployment(id: $id) { rollouts { id runNumber state stateReason version
                                                             waveSizes maxConcurrency } } }
                """, vars("id", deploymentId)).getList("deployment.rollouts");
    }

    static JsonPath schedule(String deploymentId) {
        return GraphQL.ok("query($id: String!) { deployment(id: $id) { schedule { kind paused pausedReason } } }",
                vars("id", deploymentId)).setRootPath("data.deployment.schedule");
    }

    /** Waits until the deployment has {@code count} runs, the newest in {@code state}; returns the newest. */
    static Map<String, Object> awaitRun(String deploymentId, int count, String state) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<Map<String, Object>> runs = runs(deploymentId);
            return runs.size() == count && state.equals(runs.get(0).get("state"));
        });
        return runs(deploymentId).get(0);
    }

    /** The details of the run's first event of this type, parsed; null when it has none. */
    static JsonPath eventDetails(String rolloutId, String type) {
        return Rollouts.events(rolloutId).stream().filter(e -> type.equals(e.get("type"))).findFirst()
                .map(e -> JsonPath.from((String) e.get("details"))).orElse(null);
    }

    static List<String> eventTypes(String rolloutId) {
        return Rollouts.events(rolloutId).stream().map(e -> (String) e.get("type"))
                .filter(t -> !t.equals("INVOCATION")).toList();
    }

    static List<String> instanceIds(FleetSimulator fleet) {
        return fleet.agents().stream().map(SimulatedAgent::instanceId).toList();
    }

    static List<String> invokedHosts(String rolloutId) {
        return Rollouts.allInvocations(rolloutId).stream().map(i -> (String) i.get("instanceId")).toList();
    }

    static Map<String, Object> byTag(String pkg) {
        return Map.of("tags", List.of(tag(pkg)));
    }

    static Map<String, Object> allAtOnce() {
        return Map.of("waves", List.of("100%"), "maxConcurrency", "100%", "maxErrors", "0");
    }
}
