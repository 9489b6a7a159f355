package dev.distributor.rollout.schedule;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;

import io.restassured.path.json.JsonPath;

import dev.distributor.common.time.ServiceClock;
import dev.distributor.simulator.Backoff;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedFleetTestBase;
import dev.distributor.testing.Agents;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;

/**
 * Schedule and window tests: a simulated fleet tagged {@code fleet=<package>}, the service clock moved instead of
 * waiting, and every schedule a test created paused after it, so none fires in a later test that moves the clock.
 */
abstract class ScheduleTestBase extends SimulatedFleetTestBase {

    static final String DEPLOYMENT = """
            query($id: String!) {
              deployment(id: $id) {
                id
                schedule { kind cron timeZone nextRunAt overlap paused pausedReason }
                rollouts { id runNumber state }
              }
            }
            """;

    @Inject
    ServiceClock clock;

    private final List<String> scheduled = new ArrayList<>();

    @AfterEach
    void pauseSchedulesAndResetTheClock() {
        for (String id : scheduled) {
            JsonPath deployment = deployment(id);
            if (!deployment.getBoolean("schedule.paused")) {
                GraphQL.ok("mutation($id: String!) { pauseSchedule(deploymentId: $id) { id } }", vars("id", id));
            }
        }
        scheduled.clear();
        clock.reset();
    }

    /** Registers {@code agents} simulated hosts tagged {@code fleet=<pkg>}, each succeeding in 50 ms. */
    void startFleet(String pkg, int agents) throws Exception {
        startFleet(pkg, agents, OutcomeModel.alwaysSucceeds(Duration.ofMillis(50)));
    }

    void startFleet(String pkg, int agents, OutcomeModel outcomes) throws Exception {
        var activation = service().activation(agents, Map.of("fleet", pkg));
        fleet = simulator().activation(activation.id().toString(), activation.code()).agents(agents)
                .hostnamePrefix(pkg + "-").pollWaitSeconds(2)
                .outcomes(outcomes)
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .build();
        fleet.start().get();
    }

    /** Creates a deployment of {@code pkg}'s default version to its fleet; returns the answer (id, schedule). */
    JsonPath create(String pkg, Map<String, Object> schedule, Map<String, Object> strategy) {
        Map<String, Object> input = new HashMap<>();
        input.put("packageName", pkg);
        input.put("version", "default");
        input.put("selector", Map.of("tags", List.of("fleet=" + pkg)));
        input.put("strategy", strategy);
        input.put("schedule", schedule);
        JsonPath created = GraphQL.ok("""
                mutation($input: CreateDeploymentInput!) {
                  createDeployment(input: $input) {
                    id schedule { kind cron timeZone nextRunAt overlap paused pausedReason }
                    latestRollout { id }
                  }
                }
                """, vars("input", input)).setRootPath("data.createDeployment");
        if (!"ONCE".equals(created.getString("schedule.kind"))) {
            scheduled.add(created.getString("id"));
        }
        return created;
    }

    static JsonPath deployment(String id) {
        return GraphQL.ok(DEPLOYMENT, vars("id", id)).setRootPath("data.deployment");
    }

    static OffsetDateTime nextRunAt(String deploymentId) {
        String next = deployment(deploymentId).getString("schedule.nextRunAt");
        return next == null ? null : OffsetDateTime.parse(next);
    }

    /** The deployment's runs, oldest first: their ids. */
    static List<String> runs(String deploymentId) {
        List<String> newestFirst = deployment(deploymentId).getList("rollouts.id", String.class);
        List<String> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /** Waits until the deployment has {@code count} runs; returns their ids, oldest first. */
    static List<String> awaitRuns(String deploymentId, int count) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> runs(deploymentId).size() >= count);
        List<String> runs = runs(deploymentId);
        assertThat(runs).hasSize(count);
        return runs;
    }

    /** For {@code during} (a few engine ticks), the deployment starts no run beyond {@code count}. */
    static void assertRunsStayAt(String deploymentId, int count, Duration during) {
        await().during(during).atMost(during.plusSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> runs(deploymentId).size() == count);
    }

    /** The service clock's time now (the database's, plus what the test moved it by). */
    OffsetDateTime serviceNow() {
        return OffsetDateTime.now(ZoneOffset.UTC).plus(clock.offset());
    }

    /** Moves the service clock forward to {@code instant}. */
    void moveClockTo(OffsetDateTime instant) {
        Duration by = Duration.between(serviceNow(), instant);
        assertThat(by).as("the clock only moves forward").isPositive();
        clock.advance(by);
    }

    /** The run's events of {@code type}, each one's details as JSON. */
    static List<JsonPath> events(String rolloutId, String type) {
        return Rollouts.events(rolloutId).stream()
                .filter(e -> type.equals(e.get("type")))
                .map(e -> JsonPath.from((String) e.get("details")))
                .toList();
    }

    /** What started the run, and the firing it stands for, as stored. */
    static List<Object> triggerAndFiring(String rolloutId) {
        return Agents.row("select run_trigger, scheduled_for from rollout where id = ?", UUID.fromString(rolloutId));
    }

    static OffsetDateTime instant(Object timestamp) {
        if (timestamp instanceof OffsetDateTime odt) {
            return odt;
        }
        if (timestamp instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(timestamp.toString());
    }
}
