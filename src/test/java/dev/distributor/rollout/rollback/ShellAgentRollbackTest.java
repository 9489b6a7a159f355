package dev.distributor.rollout.rollback;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.MarkerPackages;
import dev.distributor.testing.Rollouts;
import dev.distributor.testing.ShellAgents;

/**
 * Fleet rollback carried out by three real shell agents: 1.0.0's install.sh writes "1.0.0" into the host's {@code app}
 * file, 2.0.0's writes "2.0.0" (and fails on a host whose folder holds a {@code fail-2.0.0} marker). After a rollback
 * the files on disk are 1.0.0's again on every host the run changed.
 */
@QuarkusTest
class ShellAgentRollbackTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static final String LINKS = """
            query($id: String!) {
              rollout(id: $id) { state stateReason rolledBackBy { id state stateReason } }
            }
            """;

    @TestHTTPResource("/")
    URL baseUrl;

    @TempDir
    Path sandbox;

    @AfterEach
    void stopAgents() {
        ShellAgents.destroyAll();
    }

    @Test
    void aFailedInstallOfV2_withOnFailureRollbackAndMaxErrorsZero_putsV1BackOnDisk_onEveryHostTheRunChanged()
            throws IOException {
        String pkg = Catalog.createPackage("shell-rb-trip");
        MarkerPackages.addVersion(pkg, "1.0.0");
        MarkerPackages.addVersion(pkg, "2.0.0");
        List<String> hosts = startThree(pkg);
        run(pkg, "1.0.0", Map.of());
        hosts.forEach(host -> assertThat(app(host)).isEqualTo("1.0.0"));
        // Given: a 2.0.0 run one host at a time, no error tolerated, onFailure ROLLBACK; its second host fails.
        Map<String, Object> input = deployment(pkg, "2.0.0", Map.of("maxConcurrency", "1", "maxErrors", "0",
                "onFailure", "ROLLBACK"));
        List<String> order = Rollouts.plan(Map.of("deployment", input)).getList("targets.instanceId", String.class);
        Files.writeString(folder(order.get(1)).resolve("fail-2.0.0"), "");
        String v2 = Rollouts.create(input);

        Rollouts.control("startRollout", v2);

        // Then: the run ends ROLLED_BACK, put back by a rollback run that ended ROLLED_BACK too.
        JsonPath done = awaitRolledBack(v2);
        assertThat(done.getString("rolledBackBy.state")).isEqualTo("ROLLED_BACK");
        // And: the first host ran 2.0.0 and has 1.0.0 back on disk (2.0.0's uninstall.sh, then 1.0.0's install.sh).
        assertThat(app(order.get(0))).isEqualTo("1.0.0");
        assertThat(log(order.get(0))).containsExactly("install 1.0.0", "uninstall 1.0.0", "install 2.0.0",
                "uninstall 2.0.0", "install 1.0.0");
        // And: the failing host's own rollback had restored 1.0.0 already: the rollback run skipped it.
        assertThat(app(order.get(1))).isEqualTo("1.0.0");
        assertThat(log(order.get(1)).get(log(order.get(1)).size() - 1)).isEqualTo("install 1.0.0");
        Map<String, Map<String, Object>> rollback = invocations(done.getString("rolledBackBy.id"));
        assertThat(rollback.get(order.get(0))).containsEntry("status", "SUCCESS").containsEntry("action", "INSTALL")
                .containsEntry("version", "1.0.0");
        assertThat((String) rollback.get(order.get(1)).get("statusReason")).startsWith("ALREADY_INSTALLED");
        // And: the third host was never reached: no 2.0.0, no rollback.
        assertThat(rollback).doesNotContainKey(order.get(2));
        assertThat(log(order.get(2))).containsExactly("install 1.0.0");
        hosts.forEach(host -> assertThat(installed(host, pkg)).as(host).isEqualTo("1.0.0"));
    }

    @Test
    void rollback_ofASucceededV2Run_putsV1BackOnDisk_onEveryHost() {
        String pkg = Catalog.createPackage("shell-rb-demand");
        MarkerPackages.addVersion(pkg, "1.0.0");
        MarkerPackages.addVersion(pkg, "2.0.0");
        List<String> hosts = startThree(pkg);
        run(pkg, "1.0.0", Map.of());
        String v2 = run(pkg, "2.0.0", Map.of());
        hosts.forEach(host -> assertThat(app(host)).isEqualTo("2.0.0"));

        String rollbackRun = GraphQL.ok("mutation($id: String!) { rollback(rolloutId: $id) { id } }",
                vars("id", v2)).getString("rollback.id");

        JsonPath done = awaitRolledBack(v2);
        assertThat(done.getString("rolledBackBy.id")).isEqualTo(rollbackRun);
        for (String host : hosts) {
            assertThat(app(host)).as(host).isEqualTo("1.0.0");
            assertThat(log(host)).as(host).endsWith("uninstall 2.0.0", "install 1.0.0");
            assertThat(installed(host, pkg)).as(host).isEqualTo("1.0.0");
        }
    }

    // ------------------------------------------------------------------ helpers

    private List<String> startThree(String pkg) {
        CreatedActivation activation = Agents.activation(3, Map.of("fleet", pkg));
        String url = baseUrl.toString();
        return List.of(ShellAgents.startRegistered(url, sandbox, activation, pkg + "-ubuntu", "ubuntu", "22.04"),
                ShellAgents.startRegistered(url, sandbox, activation, pkg + "-debian", "debian", "12"),
                ShellAgents.startRegistered(url, sandbox, activation, pkg + "-amazon", "amazon", "2023"));
    }

    private Map<String, Object> deployment(String pkg, String version, Map<String, Object> strategy) {
        Map<String, Object> all = new java.util.HashMap<>(Map.of("waves", List.of("100%"), "maxConcurrency", "100%",
                "commandTimeoutSeconds", 60));
        all.putAll(strategy);
        return Map.of("packageName", pkg, "version", version, "installType", "REINSTALL",
                "selector", Map.of("tags", List.of("fleet=" + pkg)),
                "arguments", List.of(Map.of("name", "SSM_TARGET_ROOT", "value", sandbox.toString())),
                "strategy", all);
    }

    /** Deploys the version to the package's hosts in one wave and waits for the run to succeed. */
    private String run(String pkg, String version, Map<String, Object> strategy) {
        String rollout = Rollouts.create(deployment(pkg, version, strategy));
        Rollouts.control("startRollout", rollout);
        assertThat(Rollouts.awaitState(rollout, "SUCCEEDED", PATIENCE).getInt("counts.success")).isEqualTo(3);
        return rollout;
    }

    private static JsonPath awaitRolledBack(String rolloutId) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> "ROLLED_BACK".equals(
                GraphQL.ok(LINKS, vars("id", rolloutId)).getString("rollout.state")));
        return GraphQL.ok(LINKS, vars("id", rolloutId)).setRootPath("data.rollout");
    }

    private static Map<String, Map<String, Object>> invocations(String rolloutId) {
        List<Map<String, Object>> nodes = GraphQL.ok("""
                query($id: String!) {
                  rollout(id: $id) {
                    invocations(first: 50) { edges { node { instanceId status statusReason version action } } }
                  }
                }
                """, vars("id", rolloutId)).getList("rollout.invocations.edges.node");
        return nodes.stream().collect(Collectors.toMap(n -> (String) n.get("instanceId"), n -> n));
    }

    private static String installed(String instanceId, String pkg) {
        List<List<Object>> rows = Agents.rows("select version from installed_package where instance_id = ? "
                + "and package_name = ?", instanceId, pkg);
        return rows.isEmpty() ? null : (String) rows.get(0).get(0);
    }

    private Path folder(String instanceId) throws IOException {
        return Files.createDirectories(sandbox.resolve(instanceId));
    }
    private List<String> log(String instanceId) {
        return MarkerPackages.log(sandbox, instanceId);
    }

    private String app(String instanceId) {
        return MarkerPackages.app(sandbox, instanceId);
    }
}
