package dev.distributor.rollout.rollback;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.common.time.ServiceClock;
import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.simulator.Backoff;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.simulator.SimulatedFleetTestBase;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;

/**
 * Where a rollback may go wrong: targets whose previous version is gone, a rollback run cancelled half-way, and a
 * retry while another run of the deployment is going (docs/ROLLOUTS.md, "Rollback").
 */
@QuarkusTest
class RollbackEdgesTest extends SimulatedFleetTestBase {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Duration FAST = Duration.ofMillis(50);
    private static final Map<String, Object> ALL_AT_ONCE = Map.of("waves", List.of("100%"), "maxConcurrency", "100%");

    private static final String LINKS = """
            query($id: String!) {
              rollout(id: $id) {
                id runNumber state stateReason
                rolledBackBy { id runNumber state }
              }
            }
            """;

    @Inject
    ServiceClock clock;

    private final List<String> scheduled = new ArrayList<>();

    @AfterEach
    void pauseSchedulesAndResetTheClock() {
        for (String id : scheduled) {
            GraphQL.ok("mutation($id: String!) { pauseSchedule(deploymentId: $id) { id } }", vars("id", id));
        }
        scheduled.clear();
        clock.reset();
    }

    @Test
    void aRollbackWhosePreviousVersionWasDeleted_endsFailed_notRolledBack_andTheRunKeepsItsState()
            throws Exception {
        String pkg = Catalog.createPackage("rb-gone");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);
        startFleet(pkg, 3);
        installEverywhere(pkg, "1.0.0");
        String run = Rollouts.create(Rollouts.deployment(pkg, "2.0.0", "fleet=" + pkg, ALL_AT_ONCE));
        Rollouts.control("startRollout", run);
        Rollouts.awaitState(run, "SUCCEEDED", PATIENCE);
        // Given: 1.0.0, what every host had before the run, is deleted since.
        Rollouts.setDefaultVersion(pkg, "2.0.0");
        GraphQL.ok("mutation($p: String!, $v: String!) { deleteVersion(packageName: $p, version: $v) }",
                vars("p", pkg, "v", "1.0.0"));

        // When: the run is rolled back.
        String rollback = GraphQL.ok("mutation($id: String!) { rollback(rolloutId: $id) { id } }", vars("id", run))
                .getString("rollback.id");

        // Then: the rollback run fails on every host (nothing was put back), it does not stay RUNNING ...
        JsonPath failed = Rollouts.awaitState(rollback, "FAILED", PATIENCE);
        assertThat(failed.getString("stateReason")).isEqualTo("rollback failed on 3 of 3 targets");
        List<Map<String, Object>> invocations = Rollouts.allInvocations(rollback);
        assertThat(invocations).hasSize(3).allSatisfy(invocation -> {
            assertThat(invocation.get("status")).isEqualTo("FAILED");
            assertThat((String) invocation.get("statusReason"))
                    .isEqualTo("cannot put back: VERSION_NOT_FOUND: 1.0.0 is no longer in the catalog");
        });
        // ... and the run keeps its state, its reason saying why; the hosts still have 2.0.0 and got no command.
        JsonPath kept = links(run);
        assertThat(kept.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(kept.getString("stateReason")).endsWith("; rollback run 2: rollback failed on 3 of 3 targets");
        for (SimulatedAgent host : fleet.agents()) {
            assertThat(host.installed()).containsEntry(pkg, "2.0.0");
            assertThat(host.executions()).as(host.hostname() + ": 1.0.0, then 2.0.0").hasSize(2);
        }
        // And: a retry cannot send a command without a file: refused, and the invocations stay FAILED.
        JsonPath refused = Rollouts.refused("retryFailed", rollback);
        assertThat(refused.getString("extensions.code")).isEqualTo("INVALID_STATE");
        assertThat(refused.getString("message")).contains("3 failed target(s) cannot be put back");
        assertThat(Rollouts.get(rollback).getString("state")).isEqualTo("FAILED");
        assertThat(Rollouts.allInvocations(rollback)).allSatisfy(i -> assertThat(i.get("status")).isEqualTo("FAILED"));
    }

    @Test
    void cancellingARollbackRun_freesTheRun_soItCanBeRolledBackAgain() throws Exception {
        String pkg = Catalog.createPackage("rb-cancel");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);
        startFleet(pkg, 3);
        installEverywhere(pkg, "1.0.0");
        String run = Rollouts.create(Rollouts.deployment(pkg, "2.0.0", "fleet=" + pkg, Map.of("waves",
                List.of("100%"), "maxConcurrency", "1")));
        Rollouts.control("startRollout", run);
        Rollouts.awaitState(run, "SUCCEEDED", PATIENCE);
        // Given: a rollback run going one host at a time, slowly.
        fleet.agents().forEach(host -> host.outcomes(OutcomeModel.alwaysSucceeds(Duration.ofSeconds(2))));
        String first = GraphQL.ok("mutation($id: String!) { rollback(rolloutId: $id) { id } }", vars("id", run))
                .getString("rollback.id");

        // When: the operator cancels the rollback run.
        Rollouts.control("cancelRollout", first);

        // Then: the run has no rollback any more, its reason saying which was cancelled and by whom.
        JsonPath freed = links(run);
        assertThat(freed.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(freed.getString("rolledBackBy")).isNull();
        assertThat(freed.getString("stateReason")).contains("; rollback run 2 cancelled by ")
                .doesNotContain("rolling back in run");
        // And: it can be rolled back again, which this time puts every host back.
        fleet.agents().forEach(host -> host.outcomes(OutcomeModel.alwaysSucceeds(FAST)));
        JsonPath again = GraphQL.ok("mutation($id: String!) { rollback(rolloutId: $id) { id runNumber } }",
                vars("id", run)).setRootPath("data.rollback");
        assertThat(again.getInt("runNumber")).isEqualTo(3);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> "ROLLED_BACK".equals(links(run).getString("state")));
        JsonPath done = links(run);
        assertThat(done.getString("rolledBackBy.id")).isEqualTo(again.getString("id"));
        assertThat(done.getString("stateReason")).isEqualTo("rolled back by run 3");
        assertThat(Rollouts.get(first).getString("state")).isEqualTo("CANCELLED");
        fleet.agents().forEach(host -> assertThat(host.installed()).containsEntry(pkg, "1.0.0"));
    }

    @Test
    void retryFailed_isRefused_whileAnotherRunOfTheDeploymentIsRunning() throws Exception {
        String pkg = Catalog.createPackage("rb-overlap");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: a deployment every five minutes, whose first run fails on every host.
        startFleet(pkg, 2);
        fleet.agents().forEach(host -> host.outcomes(OutcomeModel.successRate(0, FAST, FAST)));
        JsonPath created = createCron(pkg);
        String deployment = created.getString("id");
        OffsetDateTime firing = OffsetDateTime.parse(created.getString("schedule.nextRunAt"));
        moveClockTo(firing.plusSeconds(30));
        String failedRun = awaitRuns(deployment, 1).get(0);
        Rollouts.awaitState(failedRun, "FAILED", PATIENCE);
        // And: its next run is RUNNING (its hosts take their time).
        fleet.agents().forEach(host -> host.outcomes(OutcomeModel.alwaysSucceeds(Duration.ofSeconds(10))));
        moveClockTo(firing.plusMinutes(5).plusSeconds(30));
        String running = awaitRuns(deployment, 2).get(1);
        Rollouts.awaitState(running, "RUNNING", PATIENCE);

        // When: the operator retries the failed run.
        JsonPath refused = Rollouts.refused("retryFailed", failedRun);

        // Then: refused, the runs of one deployment never overlap; the failed run stays FAILED.
        assertThat(refused.getString("extensions.code")).isEqualTo("INVALID_STATE");
        assertThat(refused.getString("message")).isEqualTo("Run 2 of the deployment is RUNNING; cancel it or let it "
                + "finish before retrying run 1 (runs of one deployment never overlap).");
        assertThat(Rollouts.get(failedRun).getString("state")).isEqualTo("FAILED");

        // And: once that run is cancelled, the retry goes through.
        Rollouts.control("cancelRollout", running);
        fleet.agents().forEach(host -> host.outcomes(OutcomeModel.alwaysSucceeds(FAST)));
        Rollouts.control("retryFailed", failedRun);
        Rollouts.awaitState(failedRun, "SUCCEEDED", PATIENCE);
    }

    // ------------------------------------------------------------------ helpers

    private void startFleet(String pkg, int agents) throws Exception {
        CreatedActivation activation = service().activation(agents + 1, Map.of("fleet", pkg));
        fleet = simulator()
                .activation(activation.id().toString(), activation.code())
                .agents(agents)
                .hostnamePrefix(pkg + "-")
                .pollWaitSeconds(2)
                .outcomes(OutcomeModel.alwaysSucceeds(FAST))
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .build();
        fleet.start().get(5, TimeUnit.MINUTES);
    }

    private void installEverywhere(String pkg, String version) {
        String run = Rollouts.create(Rollouts.deployment(pkg, version, "fleet=" + pkg, ALL_AT_ONCE));
        Rollouts.control("startRollout", run);
        Rollouts.awaitState(run, "SUCCEEDED", PATIENCE);
        fleet.agents().forEach(host -> assertThat(host.installed()).containsEntry(pkg, version));
    }

    private JsonPath createCron(String pkg) {
        Map<String, Object> input = new HashMap<>();
        input.put("packageName", pkg);
        input.put("version", "default");
        input.put("selector", Map.of("tags", List.of("fleet=" + pkg)));
        input.put("strategy", Map.of("waves", List.of("100%"), "maxConcurrency", "100%", "maxErrors", "0"));
        input.put("schedule", Map.of("kind", "CRON", "cron", "*/5 * * * *", "overlap", "SKIP"));
        JsonPath created = GraphQL.ok("""
                mutation($input: CreateDeploymentInput!) {
                  createDeployment(input: $input) { id schedule { nextRunAt } }
                }
                """, vars("input", input)).setRootPath("data.createDeployment");
        scheduled.add(created.getString("id"));
        return created;
    }

    /** The deployment's runs, oldest first, once it has {@code count}. */
    private static List<String> awaitRuns(String deploymentId, int count) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> runs(deploymentId).size() >= count);
        List<String> runs = runs(deploymentId);
        assertThat(runs).hasSize(count);
        return runs;
    }

    private static List<String> runs(String deploymentId) {
        List<String> runs = new ArrayList<>(
                GraphQL.ok("query($id: String!) { deployment(id: $id) { rollouts { id } } }",
                        vars("id", deploymentId)).getList("deployment.rollouts.id", String.class));
        Collections.reverse(runs);
        return runs;
    }

    private void moveClockTo(OffsetDateTime instant) {
        Duration by = Duration.between(OffsetDateTime.now(ZoneOffset.UTC).plus(clock.offset()), instant);
        assertThat(by).as("the clock only moves forward").isPositive();
        clock.advance(by);
    }

    private static JsonPath links(String rolloutId) {
        return GraphQL.ok(LINKS, vars("id", rolloutId)).setRootPath("data.rollout");
    }
}
