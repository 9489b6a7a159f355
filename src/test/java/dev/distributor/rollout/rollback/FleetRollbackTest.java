package dev.distributor.rollout.rollback;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.simulator.Backoff;
import dev.distributor.simulator.FleetObservations.Receipt;
import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.simulator.SimulatedFleetTestBase;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;

/**
 * Fleet rollback over simulated hosts, counted on the hosts' side: which version each host ends with and which
 * commands each received. {@code onFailure: ROLLBACK} puts back what a run changed once it crosses its error budget;
 * {@code rollback} does the same on demand.
 */
@QuarkusTest
class FleetRollbackTest extends SimulatedFleetTestBase {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Duration FAST = Duration.ofMillis(50);

    private static final String LINKS = """
            query($id: String!) {
              rollout(id: $id) {
                id runNumber state stateReason trigger
                rollbackOf { id runNumber state trigger }
                rolledBackBy { id runNumber state trigger stateReason
                               counts { total success failed skipped cancelled } }
              }
            }
            """;

    private static final String ACTIONS = """
            query($id: String!) {
              rollout(id: $id) {
                invocations(first: 500) { edges { node { instanceId status statusReason version action installType
                                                             previousVersion commandId } } }
              }
            }
            """;

    private FleetSimulator hosts;

    @AfterEach
    void stopHosts() {
        if (hosts != null) {
            hosts.stop();
        }
    }

    @Test
    void crossingMaxErrorsInWave2_withOnFailureRollback_putsVersionABackOnEveryHostThatRanB_andWave3GetsNothing()
            throws Exception {
        String pkg = Catalog.createPackage("rb-trip");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);
        // Given: 12 hosts with 1.0.0, installed by a first run.
        hosts = start(pkg, 12);
        installEverywhere(pkg, "1.0.0");
        Map<String, Set<String>> receivedBefore = received(hosts);

        // And: a deployment of 2.0.0 in waves of 2, 4 and 6, at most 1 error, onFailure ROLLBACK; in wave 2 two hosts
        // fail fast while the other two are still installing (so the rollback waits for those).
        Map<String, Object> deployment = Rollouts.deployment(pkg, "2.0.0", "fleet=" + pkg, Map.of(
                "waves", List.of("2", "4"), "maxConcurrency", "100%", "maxErrors", "1", "waveSuccessPercent", 0,
                "onFailure", "ROLLBACK"));
        List<Map<String, Object>> plan = Rollouts.plan(Map.of("deployment", deployment)).getList("targets");
        List<String> wave1 = inWave(plan, 1);
        List<String> wave2 = inWave(plan, 2);
        List<String> wave3 = inWave(plan, 3);
        assertThat(List.of(wave1.size(), wave2.size(), wave3.size())).containsExactly(2, 4, 6);
        List<String> failing = wave2.subList(0, 2);
        List<String> slow = wave2.subList(2, 4);
        failing.forEach(id -> agent(id).outcomes(OutcomeModel.successRate(0, FAST, FAST)));
        slow.forEach(id -> agent(id).outcomes(OutcomeModel.alwaysSucceeds(Duration.ofSeconds(3))));
        String run = Rollouts.create(deployment);

        Rollouts.control("startRollout", run);

        // Then: the run fails on its budget, rolling back in the next run, and ends ROLLED_BACK once that run put every
        // changed host back; the rollback run ends ROLLED_BACK too.
        JsonPath done = awaitLinks(run, "ROLLED_BACK");
        assertThat(done.getString("trigger")).isEqualTo("MANUAL");
        assertThat(done.getString("stateReason"))
                .isEqualTo("rolled back by run " + done.getInt("rolledBackBy.runNumber"));
        assertThat(done.getString("rolledBackBy.state")).isEqualTo("ROLLED_BACK");
        assertThat(done.getString("rolledBackBy.trigger")).isEqualTo("ROLLBACK");
        String rollback = done.getString("rolledBackBy.id");
        JsonPath back = links(rollback);
        assertThat(back.getString("rollbackOf.id")).isEqualTo(run);
        assertThat(back.getString("rolledBackBy")).isNull();

        // And: on the hosts, every one that ran 2.0.0 successfully (wave 1 and the slow half of wave 2) got 1.0.0
        // back with one more command; the two that failed kept 1.0.0 and got nothing more (skipped ALREADY_INSTALLED).
        for (SimulatedAgent host : hosts.agents()) {
            assertThat(host.installed()).as(host.hostname()).containsEntry(pkg, "1.0.0");
        }
        Map<String, Set<String>> receivedAfter = received(hosts);
        Set<String> ranB = new HashSet<>(wave1);
        ranB.addAll(slow);
        for (String id : ranB) {
            assertThat(newCommands(receivedBefore, receivedAfter, id)).as(id + ": 2.0.0, then 1.0.0 back").hasSize(2);
        }
        failing.forEach(id -> assertThat(newCommands(receivedBefore, receivedAfter, id)).as(id + ": only 2.0.0")
                .hasSize(1));
        // And: the hosts of wave 3 received no command at all, from either run.
        wave3.forEach(id -> assertThat(newCommands(receivedBefore, receivedAfter, id)).as(id + ": nothing").isEmpty());
        assertRanEachCommandOnce(hosts);

        // And: the rollback run installed 1.0.0 (REINSTALL) on exactly the changed hosts; the failed ones skipped.
        Map<String, Map<String, Object>> actions = invocations(rollback);
        assertThat(actions.keySet()).containsExactlyInAnyOrderElementsOf(union(ranB, failing));
        ranB.forEach(id -> assertThat(actions.get(id)).as(id).containsEntry("status", "SUCCESS")
                .containsEntry("action", "INSTALL").containsEntry("installType", "REINSTALL")
                .containsEntry("version", "1.0.0").containsEntry("previousVersion", "2.0.0"));
        failing.forEach(id -> assertThat((String) actions.get(id).get("statusReason")).as(id)
                .startsWith("ALREADY_INSTALLED"));

        // And: both journals tell it.
        List<String> original = types(run);
        assertThat(original).containsSubsequence("ROLLOUT_STARTED", "WAVE_STARTED", "ROLLBACK_STARTED",
                "ROLLOUT_FAILED", "ROLLOUT_ROLLED_BACK");
        List<Map<String, Object>> rollbackEvents = Rollouts.events(rollback);
        assertThat(rollbackEvents.get(0).get("type")).isEqualTo("ROLLOUT_STARTED");
        assertThat((String) rollbackEvents.get(0).get("details")).contains("\"trigger\":\"ROLLBACK\"")
                .contains("\"rollbackOf\":\"" + run + "\"");
        assertThat(types(rollback)).endsWith("ROLLOUT_ROLLED_BACK");
        // And: a rolled-back run is not rolled back twice, nor is a rollback run.
        assertThat(refused(run).getString("extensions.code")).isEqualTo("INVALID_STATE");
        assertThat(refused(rollback).getString("message")).contains("is a rollback run");
    }

    @Test
    void rollback_onASucceededRun_putsBackThePreviousVersion_andUninstallsWhereThereWasNone()
            throws Exception {
        String pkg = Catalog.createPackage("rb-demand");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);
        // Given: 6 hosts, of which 4 have 1.0.0 (a first run to those) and 2 have nothing.
        hosts = start(pkg, 6);
        List<String> ids = hosts.agents().stream().map(SimulatedAgent::instanceId).sorted().toList();
        List<String> hadA = ids.subList(0, 4);
        List<String> hadNothing = ids.subList(4, 6);
        String first = Rollouts.create(Rollouts.deploymentTo(pkg, "1.0.0", hadA, Map.of("waves", List.of("100%"),
                "maxConcurrency", "100%")));
        Rollouts.control("startRollout", first);
        Rollouts.awaitState(first, "SUCCEEDED", PATIENCE);
        // And: 2.0.0 everywhere, which succeeds.
        String run = Rollouts.create(Rollouts.deployment(pkg, "2.0.0", "fleet=" + pkg, Map.of("waves",
                List.of("100%"), "maxConcurrency", "100%")));
        Rollouts.control("startRollout", run);
        Rollouts.awaitState(run, "SUCCEEDED", PATIENCE);
        hosts.agents().forEach(host -> assertThat(host.installed()).containsEntry(pkg, "2.0.0"));
        // And: 1.0.0 is deprecated since (a rollback still puts it back).
        Rollouts.setDefaultVersion(pkg, "2.0.0");
        GraphQL.ok("mutation($p: String!, $v: String!) { deprecateVersion(packageName: $p, version: $v) { state } }",
                vars("p", pkg, "v", "1.0.0"));

        // When: the operator rolls the succeeded run back.
        JsonPath answer = GraphQL.ok("mutation($id: String!) { rollback(rolloutId: $id) { id trigger state "
                + "rollbackOf { id state stateReason } } }", vars("id", run)).setRootPath("data.rollback");

        // Then: the answer is the rollback run, linked to the run, which stays SUCCEEDED until it is put back.
        assertThat(answer.getString("trigger")).isEqualTo("ROLLBACK");
        assertThat(answer.getString("state")).isEqualTo("RUNNING");
        assertThat(answer.getString("rollbackOf.id")).isEqualTo(run);
        assertThat(answer.getString("rollbackOf.state")).isEqualTo("SUCCEEDED");
        assertThat(answer.getString("rollbackOf.stateReason")).endsWith("; rolling back in run 2");
        JsonPath done = awaitLinks(run, "ROLLED_BACK");
        assertThat(done.getString("rolledBackBy.id")).isEqualTo(answer.getString("id"));
        assertThat(done.getString("rolledBackBy.state")).isEqualTo("ROLLED_BACK");

        // And: on the hosts, those that had 1.0.0 have it again, those that had nothing have nothing.
        hadA.forEach(id -> assertThat(agent(id).installed()).as(id).containsEntry(pkg, "1.0.0"));
        hadNothing.forEach(id -> assertThat(agent(id).installed()).as(id).doesNotContainKey(pkg));
        Map<String, Map<String, Object>> actions = invocations(answer.getString("id"));
        hadA.forEach(id -> assertThat(actions.get(id)).as(id).containsEntry("action", "INSTALL")
                .containsEntry("version", "1.0.0").containsEntry("status", "SUCCESS"));
        hadNothing.forEach(id -> assertThat(actions.get(id)).as(id).containsEntry("action", "UNINSTALL")
                .containsEntry("version", "2.0.0").containsEntry("status", "SUCCESS"));
        assertRanEachCommandOnce(hosts);
    }

    @Test
    void rollback_onARunningRun_stopsIt_putsBackWhatItChanged_andLeavesHostsItNeverReachedAlone()
            throws Exception {
        String pkg = Catalog.createPackage("rb-running");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);
        hosts = start(pkg, 8);
        installEverywhere(pkg, "1.0.0");
        Map<String, Set<String>> receivedBefore = received(hosts);
        // Given: 2.0.0 two hosts at a time, each taking 2 s.
        hosts.agents().forEach(host -> host.outcomes(OutcomeModel.alwaysSucceeds(Duration.ofSeconds(2))));
        String run = Rollouts.create(Rollouts.deployment(pkg, "2.0.0", "fleet=" + pkg, Map.of("waves",
                List.of("100%"), "maxConcurrency", "2")));
        Rollouts.control("startRollout", run);
        org.awaitility.Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> Rollouts.get(run).getInt("counts.success") >= 2);

        // When: the operator rolls it back while it runs.
        JsonPath answer = GraphQL.ok("mutation($id: String!) { rollback(rolloutId: $id) { id trigger state "
                + "rollbackOf { state stateReason } } }", vars("id", run)).setRootPath("data.rollback");

        // Then: the run is stopped (CANCELLED, saying by whom and which run rolls it back).
        assertThat(answer.getString("rollbackOf.state")).isEqualTo("CANCELLED");
        assertThat(answer.getString("rollbackOf.stateReason")).startsWith("stopped for rollback by ")
                .endsWith("; rolling back in run 2");
        JsonPath done = awaitLinks(run, "ROLLED_BACK");
        assertThat(done.getString("rolledBackBy.id")).isEqualTo(answer.getString("id"));
        // And: every host has 1.0.0; those that ran 2.0.0 (done or still running when stopped) got it back, the rest
        // ran nothing after 1.0.0. One of those may have received 2.0.0 just before the stop withdrew it (DELIVERED,
        // not started, is withdrawn too: AgentCommandLifecycle), but none ran it.
        Map<String, Map<String, Object>> original = invocations(run);
        Map<String, Set<String>> receivedAfter = received(hosts);
        int changed = 0;
        for (SimulatedAgent host : hosts.agents()) {
            assertThat(host.installed()).as(host.hostname()).containsEntry(pkg, "1.0.0");
            String status = (String) original.get(host.instanceId()).get("status");
            int commands = newCommands(receivedBefore, receivedAfter, host.instanceId()).size();
            if (status.equals("SUCCESS")) {
                changed++;
                assertThat(commands).as(host.hostname() + " ran 2.0.0, then 1.0.0").isEqualTo(2);
            } else {
                assertThat(status).as(host.hostname()).isEqualTo("CANCELLED");
                newCommands(receivedBefore, receivedAfter, host.instanceId()).forEach(command -> assertThat(
                        host.executions(command)).as(host.hostname() + " never ran " + command).isZero());
            }
        }
        assertThat(changed).isBetween(2, 7);
        assertThat(invocations(answer.getString("id"))).hasSize(changed);
        assertRanEachCommandOnce(hosts);
    }

    @Test
    void aRollbackRunThatFailsOnAHost_endsFailed_leavesTheRunAsItWas_andARetryFinishesTheJob() throws Exception {
        String pkg = Catalog.createPackage("rb-retry");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);
        hosts = start(pkg, 3);
        installEverywhere(pkg, "1.0.0");
        String run = Rollouts.create(Rollouts.deployment(pkg, "2.0.0", "fleet=" + pkg, Map.of("waves",
                List.of("100%"), "maxConcurrency", "100%")));
        Rollouts.control("startRollout", run);
        Rollouts.awaitState(run, "SUCCEEDED", PATIENCE);
        // Given: one host fails whatever it is asked from now on.
        SimulatedAgent stubborn = hosts.agents().get(0);
        stubborn.outcomes(OutcomeModel.successRate(0, FAST, FAST));

        String rollback = GraphQL.ok("mutation($id: String!) { rollback(rolloutId: $id) { id } }", vars("id", run))
                .getString("rollback.id");

        // Then: the rollback run fails on that host, and the run stays SUCCEEDED, its reason saying so.
        JsonPath failed = Rollouts.awaitState(rollback, "FAILED", PATIENCE);
        assertThat(failed.getString("stateReason")).isEqualTo("rollback failed on 1 of 3 targets");
        JsonPath kept = links(run);
        assertThat(kept.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(kept.getString("stateReason")).endsWith("; rollback run 2: rollback failed on 1 of 3 targets");
        assertThat(stubborn.installed()).containsEntry(pkg, "2.0.0");
        // And: retrying the run itself is refused (it would undo the rollback); retrying the rollback run is not.
        assertThat(GraphQL.error("mutation($id: String!) { retryFailed(id: $id) { id } }", vars("id", run))
                .getString("message")).contains("retry that run instead");

        stubborn.outcomes(OutcomeModel.alwaysSucceeds(FAST));
        Rollouts.control("retryFailed", rollback);

        JsonPath done = awaitLinks(run, "ROLLED_BACK");
        assertThat(done.getString("stateReason")).isEqualTo("rolled back by run 2");
        hosts.agents().forEach(host -> assertThat(host.installed()).containsEntry(pkg, "1.0.0"));
    }

    @Test
    void rollback_isRefused_onAPlannedRun() throws Exception {
        String pkg = Catalog.createPackage("rb-planned");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        hosts = start(pkg, 1);
        String run = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", "fleet=" + pkg, Map.of()));

        JsonPath error = refused(run);

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_STATE");
        assertThat(error.getString("extensions.state")).isEqualTo("PLANNED");
        assertThat(error.getString("message")).contains("Cannot roll back rollout");
        assertThat(links(run).getString("rolledBackBy")).isNull();
    }

    // ------------------------------------------------------------------ helpers

    private FleetSimulator start(String pkg, int agents) throws Exception {
        CreatedActivation activation = service().activation(agents + 1, Map.of("fleet", pkg));
        FleetSimulator fleet = simulator()
                .activations(List.of(new FleetSimulator.Activation(activation.id().toString(), activation.code())))
                .agents(agents)
                .hostnamePrefix(pkg + "-")
                .pollWaitSeconds(10)
                .outcomes(OutcomeModel.alwaysSucceeds(FAST))
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .build();
        fleet.start().get(5, TimeUnit.MINUTES);
        return fleet;
    }

    private void installEverywhere(String pkg, String version) {
        String run = Rollouts.create(Rollouts.deployment(pkg, version, "fleet=" + pkg, Map.of("waves",
                List.of("100%"), "maxConcurrency", "100%")));
        Rollouts.control("startRollout", run);
        Rollouts.awaitState(run, "SUCCEEDED", PATIENCE);
        hosts.agents().forEach(host -> assertThat(host.installed()).containsEntry(pkg, version));
    }

    private SimulatedAgent agent(String instanceId) {
        return hosts.agent(instanceId).orElseThrow();
    }

    private static List<String> inWave(List<Map<String, Object>> plan, int wave) {
        return plan.stream().filter(t -> ((Number) t.get("wave")).intValue() == wave)
                .map(t -> (String) t.get("instanceId")).toList();
    }

    /** The distinct commands each host received, by instance id. */
    private static Map<String, Set<String>> received(FleetSimulator fleet) {
        return fleet.agents().stream().collect(Collectors.toMap(SimulatedAgent::instanceId,
                host -> host.receipts().stream().map(Receipt::commandId).collect(Collectors.toSet())));
    }

    private static Set<String> newCommands(Map<String, Set<String>> before, Map<String, Set<String>> after,
            String id) {
        Set<String> added = new HashSet<>(after.get(id));
        added.removeAll(before.get(id));
        return added;
    }

    private static void assertRanEachCommandOnce(FleetSimulator fleet) {
        fleet.agents().forEach(host -> assertThat(host.executions().values()).as(host.hostname())
                .allMatch(n -> n == 1));
    }

    private static Set<String> union(Set<String> a, List<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static JsonPath links(String rolloutId) {
        return GraphQL.ok(LINKS, vars("id", rolloutId)).setRootPath("data.rollout");
    }

    /** Waits until the run is in {@code state} and so is its rollback run; returns the run with its links. */
    private static JsonPath awaitLinks(String rolloutId, String state) {
        org.awaitility.Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonPath now = links(rolloutId);
            return state.equals(now.getString("state")) && state.equals(now.getString("rolledBackBy.state"));
        });
        return links(rolloutId);
    }

    private static Map<String, Map<String, Object>> invocations(String rolloutId) {
        List<Map<String, Object>> nodes = GraphQL.ok(ACTIONS, vars("id", rolloutId))
                .getList("rollout.invocations.edges.node");
        return nodes.stream().collect(Collectors.toMap(n -> (String) n.get("instanceId"), n -> n));
    }

    private static List<String> types(String rolloutId) {
        return Rollouts.events(rolloutId).stream().map(e -> (String) e.get("type"))
                .filter(t -> !t.equals("INVOCATION")).toList();
    }

    private static JsonPath refused(String rolloutId) {
        return GraphQL.error("mutation($id: String!) { rollback(rolloutId: $id) { id } }", vars("id", rolloutId));
    }
}
