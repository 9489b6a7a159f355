package dev.distributor.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Rollouts;
import dev.distributor.testing.ShellAgents;
import dev.distributor.testing.Zips;

/**
 * Rollouts carried out by three real shell agents with different platform facts: a REINSTALL runs the old version's
 * uninstall.sh then the new install.sh, an IN_PLACE rollout runs only update.sh. The scripts write into a folder per
 * host, which the assertions read.
 */
@QuarkusTest
class ShellAgentRolloutTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TestHTTPResource("/")
    URL baseUrl;

    @TempDir
    Path sandbox;

    /** One running agent and the instance id it registered as. */
    record Agent(String instanceId, String hostname) {
    }

    @AfterEach
    void stopAgents() {
        ShellAgents.destroyAll();
    }

    @Test
    void reinstallRunsOldUninstallThenNewInstall_inPlaceRunsOnlyUpdate_onThreeHosts() {
        String pkg = Catalog.createPackage("shell-rollout");
        addVersion(pkg, "1.0.0");
        addVersion(pkg, "2.0.0");
        addVersion(pkg, "3.0.0");
        var activation = Agents.activation(3, Map.of("fleet", pkg));
        List<Agent> hosts = List.of(
                start(activation, pkg + "-ubuntu", "ubuntu", "22.04", "x86_64"),
                start(activation, pkg + "-debian", "debian", "12", "x86_64"),
                start(activation, pkg + "-amazon", "amazon", "2023", "arm64"));

        run(pkg, "1.0.0", "REINSTALL");
        for (Agent host : hosts) {
            assertThat(log(host)).containsExactly("install 1.0.0 " + arch(host));
            assertThat(app(host)).isEqualTo("1.0.0");
        }

        run(pkg, "2.0.0", "IN_PLACE");
        for (Agent host : hosts) {
            assertThat(log(host)).containsExactly("install 1.0.0 " + arch(host), "update 2.0.0 from 1.0.0");
            assertThat(app(host)).isEqualTo("2.0.0");
        }

        String third = run(pkg, "3.0.0", "REINSTALL");
        for (Agent host : hosts) {
            assertThat(log(host)).containsExactly("install 1.0.0 " + arch(host), "update 2.0.0 from 1.0.0",
                    "uninstall 2.0.0", "install 3.0.0 " + arch(host));
            assertThat(app(host)).isEqualTo("3.0.0");
            assertThat(Agents.rows("select version from installed_package where instance_id = ? and package_name = ?",
                    host.instanceId(), pkg)).containsExactly(List.of("3.0.0"));
        }
        List<Map<String, Object>> invocations = Rollouts.invocations(third, null);
        assertThat(invocations).extracting(i -> i.get("status")).containsOnly("SUCCESS");
        assertThat(invocations).extracting(i -> (String) i.get("output"))
                .allSatisfy(output -> assertThat(output).contains("install 3.0.0"));
    }

    private Agent start(CreatedActivation activation, String hostname, String platform, String version,
            String arch) {
        Path stateDir = sandbox.resolve(hostname + "-state");
        ShellAgents.start(List.of("sh", ShellAgents.AGENT_SCRIPT.toString(), "--foreground", "--server",
                baseUrl.toString().replaceAll("/$", ""), "--state-dir", stateDir.toString(), "--wait", "5",
                "--platform", platform, "--platform-version", version, "--arch", arch, "--hostname", hostname,
                "--activation-id", activation.id().toString(), "--activation-code", activation.code()), hostname,
                Map.of());
        Path idFile = stateDir.resolve("instance_id");
        await().atMost(ShellAgents.PATIENCE).until(() -> !ShellAgents.read(idFile).isBlank());
        return new Agent(ShellAgents.read(idFile).trim(), hostname);
    }

    /** Deploys the version to the package's hosts in one wave and waits for the run to succeed. */
    private String run(String pkg, String version, String installType) {
        Map<String, Object> input = Map.of("packageName", pkg, "version", version, "installType", installType,
                "selector", Map.of("tags", List.of("fleet=" + pkg)),
                "arguments", List.of(Map.of("name", "SSM_TARGET_ROOT", "value", sandbox.toString())),
                "strategy", Map.of("waves", List.of("100%"), "maxConcurrency", "100%", "commandTimeoutSeconds", 60));
        String rollout = Rollouts.create(input);
        Rollouts.control("startRollout", rollout);
        var done = Rollouts.awaitState(rollout, "SUCCEEDED", PATIENCE);
        assertThat(done.getInt("counts.success")).isEqualTo(3);
        return rollout;
    }

    /** One zip per architecture; the scripts log to $SSM_TARGET_ROOT/<instance id>/log. */
    private static void addVersion(String pkg, String version) {
        String x64 = Catalog.upload("app-x86_64.zip", zip(pkg, version, "x86_64"));
        String arm = Catalog.upload("app-arm64.zip", zip(pkg, version, "arm64"));
        String manifest = """
                {
                  "schemaVersion": "2.0",
                  "version": "%s",
                  "packages": {
                    "_any": { "_any": { "x86_64": { "file": "app-x86_64.zip" }, "arm64": { "file": "app-arm64.zip" } } }
                  },
                  "files": {
                    "app-x86_64.zip": { "checksums": { "sha256": "%s" } },
                    "app-arm64.zip": { "checksums": { "sha256": "%s" } }
                  }
                }
                """.formatted(version, x64, arm);
        Catalog.addVersion(pkg, version, manifest, true);
    }

    /** Bytes unique to the package, so no earlier test run has stored them already. */
    private static byte[] zip(String pkg, String version, String arch) {
        String dir = "d=\"${SSM_TARGET_ROOT:?}/$DISTRIBUTOR_INSTANCE_ID\"; mkdir -p \"$d\"\n";
        return new Zips()
                .with("install.sh", "#!/bin/sh\nset -e\n" + dir + "echo \"install " + version + " $(cat arch.txt)\""
                        + " >> \"$d/log\"\necho " + version + " > \"$d/app\"\necho install " + version + "\n")
                .with("uninstall.sh", "#!/bin/sh\nset -e\n" + dir + "echo \"uninstall " + version + "\" >> \"$d/log\"\n"
                        + "rm -f \"$d/app\"\n")
                .with("update.sh", "#!/bin/sh\nset -e\n" + dir + "echo \"update " + version
                        + " from $DISTRIBUTOR_PREVIOUS_VERSION\" >> \"$d/log\"\necho " + version + " > \"$d/app\"\n")
                .with("arch.txt", arch + "\n")
                .with("package.txt", pkg + "\n")
                .bytes();
    }

    private List<String> log(Agent host) {
        return ShellAgents.read(sandbox.resolve(host.instanceId()).resolve("log")).lines().toList();
    }

    private String app(Agent host) {
        return ShellAgents.read(sandbox.resolve(host.instanceId()).resolve("app")).trim();
    }

    private static String arch(Agent host) {
        return host.hostname().endsWith("amazon") ? "arm64" : "x86_64";
    }
}
