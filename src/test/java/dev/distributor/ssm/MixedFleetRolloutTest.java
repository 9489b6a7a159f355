package dev.distributor.ssm;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.ssm.local.LocalSsmEndpoint;
import dev.distributor.ssm.local.LocalSsmEndpointResource;
import dev.distributor.ssm.local.SentCommand;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.MarkerPackages;
import dev.distributor.testing.Rollouts;
import dev.distributor.testing.ShellAgents;

/**
 * One deployment over a mixed fleet: three real shell agents polling the service and three SSM-managed instances of the
 * local SSM endpoint, which runs what SendCommand carries in sandboxes (the one-shot agent, downloading the package by
 * presigned URL). Both kinds go through the same install steps; each host runs its install once.
 */
@QuarkusTest
@TestProfile(dev.distributor.ssm.local.SsmProfile.class)
class MixedFleetRolloutTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TestHTTPResource("/")
    URL baseUrl;

    @TempDir
    Path sandbox;

    @AfterEach
    void cleanUp() {
        ShellAgents.destroyAll();
        LocalSsmEndpointResource.endpoint().faults().clear();
    }

    @Test
    void aRolloutOverThreeShellAgentsAndThreeSsmInstances_succeeds_andEveryHostInstalledOnce() {
        String pkg = Catalog.createPackage("mixed");
        MarkerPackages.addVersion(pkg, "1.0.0");
        List<String> agents = startShellAgents(pkg);
        List<String> ssm = ssmInstances(pkg, 3);
        awaitTargets(pkg, 6);

        String rollout = Rollouts.create(deployment(pkg, Map.of()));
        Rollouts.control("startRollout", rollout);

        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", PATIENCE);
        assertThat(done.getInt("counts.success")).isEqualTo(6);
        List<String> everyHost = new ArrayList<>(agents);
        everyHost.addAll(ssm);
        everyHost.forEach(
                host -> assertThat(MarkerPackages.log(sandbox, host)).as(host).containsExactly("install 1.0.0"));
        // Each SSM invocation was one SendCommand to one instance, carrying its command id in the Comment.
        List<SentCommand> sent = sentTo(ssm);
        assertThat(sent).hasSize(3);
        assertThat(sent).allSatisfy(command -> {
            assertThat(command.instanceIds()).hasSize(1);
            assertThat(command.comment()).startsWith("distributor:");
            assertThat(command.documentName()).isEqualTo("AWS-RunShellScript");
            // SSM ends the command when the engine would give it up: 8 steps of a reinstall x 60 s + 60 s of grace.
            assertThat(command.parameters().get("executionTimeout")).containsExactly("540");
        });
        Map<String, Map<String, Object>> invocations = invocations(rollout);
        ssm.forEach(host -> assertThat(sent.stream().filter(c -> c.instanceIds().contains(host))
                .map(SentCommand::comment)).containsExactly("distributor:" + invocations.get(host).get("commandId")));
        // And: the service records 1.0.0 as installed on the SSM instances, as on the agents.
        everyHost.forEach(host -> assertThat(installed(host, pkg)).as(host).isEqualTo("1.0.0"));
    }

    @Test
    void aRolloutToSsmInstances_whileSsmThrottlesHeavily_stillSucceeds_sendingEachCommandOnce() {
        String pkg = Catalog.createPackage("throttled");
        MarkerPackages.addVersion(pkg, "1.0.0");
        List<String> ssm = ssmInstances(pkg, 3);
        awaitTargets(pkg, 3);
        LocalSsmEndpoint endpoint = LocalSsmEndpointResource.endpoint();
        int sendCallsBefore = endpoint.calls("SendCommand");
        int pollCallsBefore = endpoint.calls("ListCommandInvocations");
        // Given: SSM refuses two requests in three, of every operation, for throttling, and surely the first three
        // SendCommands (a fraction alone lets all three through at once one run in thirty).
        endpoint.faults().throttle("*", 0.67).throttleNext("SendCommand", 3);

        String rollout = Rollouts.create(deployment(pkg, Map.of()));
        Rollouts.control("startRollout", rollout);

        assertThat(Rollouts.awaitState(rollout, "SUCCEEDED", PATIENCE).getInt("counts.success")).isEqualTo(3);
        ssm.forEach(host -> assertThat(MarkerPackages.log(sandbox, host)).as(host).containsExactly("install 1.0.0"));
        assertThat(sentTo(ssm)).as("accepted SendCommands").hasSize(3);
        assertThat(endpoint.calls("SendCommand") - sendCallsBefore).as("SendCommand requests, refused ones included")
                .isGreaterThan(3);
        assertThat(endpoint.calls("ListCommandInvocations") - pollCallsBefore).isGreaterThan(1);
    }

    @Test
    void anInstallFailingOnAnSsmInstance_showsSsmsStatusAndTheScriptsOutput() throws Exception {
        String pkg = Catalog.createPackage("ssm-fails");
        MarkerPackages.addVersion(pkg, "1.0.0");
        List<String> ssm = ssmInstances(pkg, 1);
        awaitTargets(pkg, 1);
        String host = ssm.get(0);
        Files.createDirectories(sandbox.resolve(host));
        Files.writeString(sandbox.resolve(host).resolve("fail-1.0.0"), "");

        String rollout = Rollouts.create(deployment(pkg, Map.of("maxErrors", "1")));
        Rollouts.control("startRollout", rollout);

        Rollouts.awaitState(rollout, "FAILED", PATIENCE);
        Map<String, Object> invocation = invocations(rollout).get(host);
        assertThat(invocation).containsEntry("status", "FAILED").containsEntry("exitCode", 3);
        assertThat((String) invocation.get("output")).contains("[ssm]").contains("Failed")
                .contains("refusing: marker");
        assertThat(installed(host, pkg)).isNull();
    }

    // ------------------------------------------------------------------ helpers

    private List<String> startShellAgents(String pkg) {
        CreatedActivation activation = Agents.activation(3, Map.of("fleet", pkg));
        String url = baseUrl.toString();
        return List.of(ShellAgents.startRegistered(url, sandbox, activation, pkg + "-ubuntu", "ubuntu", "22.04"),
                ShellAgents.startRegistered(url, sandbox, activation, pkg + "-debian", "debian", "12"),
                ShellAgents.startRegistered(url, sandbox, activation, pkg + "-amazon", "amazon", "2023"));
    }

    /** Registers Online Ubuntu instances tagged fleet=<pkg> with the local SSM endpoint. */
    private static List<String> ssmInstances(String pkg, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = LocalSsmEndpoint.newManagedInstanceId();
            LocalSsmEndpointResource.endpoint().addInstance(id).platform("Linux", "Ubuntu", "22.04")
                    .tags(Map.of("fleet", pkg));
            ids.add(id);
        }
        return ids;
    }

    /** Waits until the inventory sync (and the agents' registrations) show this many targets tagged fleet=<pkg>. */
    private static void awaitTargets(String pkg, int count) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> GraphQL.ok("""
                query($tag: String!) { targets(filter: {tags: [$tag]}, first: 50) { totalCount } }
                """, vars("tag", "fleet=" + pkg)).getInt("targets.totalCount") == count);
    }

    private Map<String, Object> deployment(String pkg, Map<String, Object> strategy) {
        Map<String, Object> all = new HashMap<>(Map.of("waves", List.of("100%"), "maxConcurrency", "100%",
                "maxErrors", "0", "commandTimeoutSeconds", 60));
        all.putAll(strategy);
        return Map.of("packageName", pkg, "version", "1.0.0", "installType", "REINSTALL",
                "selector", Map.of("tags", List.of("fleet=" + pkg)),
                "arguments", List.of(Map.of("name", "SSM_TARGET_ROOT", "value", sandbox.toString())),
                "strategy", all);
    }

    private static List<SentCommand> sentTo(List<String> instances) {
        return LocalSsmEndpointResource.endpoint().sentCommands().stream()
                .filter(command -> command.instanceIds().stream().anyMatch(instances::contains))
                .toList();
    }

    private static Map<String, Map<String, Object>> invocations(String rolloutId) {
        List<Map<String, Object>> nodes = GraphQL.ok("""
                query($id: String!) {
                  rollout(id: $id) {
                    invocations(first: 50) { edges { node { instanceId commandId status exitCode output } } }
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
}
