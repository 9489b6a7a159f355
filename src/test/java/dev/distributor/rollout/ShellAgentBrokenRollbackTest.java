package dev.distributor.rollout;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.catalog.authoring.ScriptGenerator;
import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;
import dev.distributor.testing.ShellAgents;
import dev.distributor.testing.Zips;

/**
 * Issue 15, case 2, with a real shell agent: 2.0.0's install.sh always fails, so a REINSTALL from 1.0.0 rolls back
 * (2.0.0's uninstall.sh, then 1.0.0's install.sh again). When 1.0.0's install.sh fails too (the host folder holds a
 * {@code block} file), the invocation ends FAILED at step {@code rollback} and the package is BROKEN on the host: in
 * {@code installedPackages}, in {@code targets(filter)} and in the plan, which never skips it as ALREADY_INSTALLED. A
 * later 1.0.0 run installs it again and it is INSTALLED once more. When the rollback works, nothing is broken.
 */
@QuarkusTest
class ShellAgentBrokenRollbackTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final String INSTALLED_PACKAGES = """
            query($id: String!) { target(instanceId: $id) { installedPackages { packageName version status state } } }
            """;

    private static final String TARGETS = """
            query($filter: TargetFilterInput) { targets(filter: $filter) { edges { node { instanceId } } } }
            """;

    private static final String PLAN = """
            query($input: PlanInput!) {
              plan(input: $input) {
                runnableCount skippedCount
                targets { instanceId wave skipReason skipDetail installedVersion installedState note }
              }
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
    void failedRollback_endsAtStepRollback_recordsBroken_isNeverSkipped_andALaterInstallRepairsIt() {
        String pkg = Catalog.createPackage("broken-rollback");
        addVersions(pkg);
        Path stateDir = sandbox.resolve("host-state");
        String host = start(pkg, stateDir);
        run(pkg, "1.0.0", "SUCCEEDED");
        assertThat(state(host, pkg)).containsEntry("version", "1.0.0").containsEntry("state", "INSTALLED");

        write(hostDir(host).resolve("block"), "1.0.0 may not install now\n");
        String failed = run(pkg, "2.0.0", "FAILED");

        Map<String, Object> invocation = Rollouts.invocations(failed, null).get(0);
        assertThat(invocation).containsEntry("status", "FAILED").containsEntry("step", "rollback")
                .containsEntry("statusReason", "rollback").containsEntry("exitCode", 4);
        assertThat((String) invocation.get("output"))
                .contains("installing 2.0.0 fails", "[agent] install.sh exited with 3",
                        "=== uninstall.sh (rollback) ===",
                        "=== install.sh (rollback) ===", "1.0.0 is blocked", "[agent] install.sh exited with 4",
                        "[agent] rollback failed: install.sh of 1.0.0 exited with 4; " + pkg
                                + " is recorded as broken");
        assertThat(log(host)).containsExactly("install 1.0.0", "uninstall 1.0.0", "install 2.0.0 failed",
                "uninstall 2.0.0", "install 1.0.0 blocked");
        assertThat(state(host, pkg)).containsEntry("version", "1.0.0").containsEntry("state", "BROKEN")
                .containsEntry("status", "BROKEN");
        assertThat(stateDir.resolve("packages").resolve(pkg).resolve("broken")).exists();
        // The agent's inventory after the report says BROKEN too, so the record stays BROKEN.
        await().atMost(PATIENCE).until(() -> Files.exists(stateDir.resolve("tmp/installed.list"))
                && ShellAgents.read(stateDir.resolve("tmp/installed.list")).contains("BROKEN=" + pkg));
        assertThat(state(host, pkg)).containsEntry("state", "BROKEN");

        assertThat(targets(Map.of("hasPackage", pkg, "packageState", "BROKEN"))).containsExactly(host);
        assertThat(targets(Map.of("tags", List.of("fleet=" + pkg), "packageState", "BROKEN")))
                .containsExactly(host);
        assertThat(targets(Map.of("hasPackage", pkg, "packageState", "INSTALLED"))).isEmpty();

        JsonPath plan = GraphQL.ok(PLAN, vars("input", Map.of("deployment", deployment(pkg, "1.0.0"))))
                .setRootPath("data.plan");
        assertThat(plan.getInt("skippedCount")).isZero();
        assertThat(plan.getMap("targets[0]")).containsEntry("instanceId", host).containsEntry("skipReason", null)
                .containsEntry("wave", 1).containsEntry("installedVersion", "1.0.0")
                .containsEntry("installedState", "BROKEN");
        assertThat(plan.getString("targets[0].note")).startsWith("installed copy is BROKEN");

        delete(hostDir(host).resolve("block"));
        String repaired = run(pkg, "1.0.0", "SUCCEEDED");
        assertThat(Rollouts.invocations(repaired, null).get(0)).containsEntry("status", "SUCCESS")
                .containsEntry("step", "install");
        assertThat(log(host)).endsWith("install 1.0.0 blocked", "uninstall 1.0.0", "install 1.0.0");
        assertThat(state(host, pkg)).containsEntry("version", "1.0.0").containsEntry("state", "INSTALLED");
        assertThat(stateDir.resolve("packages").resolve(pkg).resolve("broken")).doesNotExist();
        assertThat(targets(Map.of("hasPackage", pkg, "packageState", "BROKEN"))).isEmpty();
        assertThat(targets(Map.of("hasPackage", pkg, "packageState", "INSTALLED"))).containsExactly(host);
        // Breaking and repairing were fleet events (subscribers of a packageState filter see the host come and go).
        assertThat(Agents.rows("""
                select details ->> 'fromState', details ->> 'toState' from target_event
                where instance_id = ? and type = 'INSTALLED_CHANGED' and details ->> 'toState' is not null
                order by seq
                """, host)).containsExactly(List.of("INSTALLED", "BROKEN"), List.of("BROKEN", "INSTALLED"));
    }

    @Test
    void rollbackThatWorks_keepsTheOldVersionInstalled_andTheFailureAtStepInstall() {
        String pkg = Catalog.createPackage("rollback-works");
        addVersions(pkg);
        Path stateDir = sandbox.resolve("host-state");
        String host = start(pkg, stateDir);
        run(pkg, "1.0.0", "SUCCEEDED");

        String failed = run(pkg, "2.0.0", "FAILED");

        Map<String, Object> invocation = Rollouts.invocations(failed, null).get(0);
        assertThat(invocation).containsEntry("status", "FAILED").containsEntry("step", "install")
                .containsEntry("statusReason", "install").containsEntry("exitCode", 3);
        assertThat((String) invocation.get("output")).contains("installing 2.0.0 fails", "[agent] rollback succeeded")
                .doesNotContain("rollback failed");
        assertThat(log(host)).containsExactly("install 1.0.0", "uninstall 1.0.0", "install 2.0.0 failed",
                "uninstall 2.0.0", "install 1.0.0");
        assertThat(state(host, pkg)).containsEntry("version", "1.0.0").containsEntry("state", "INSTALLED");
        assertThat(stateDir.resolve("packages").resolve(pkg).resolve("broken")).doesNotExist();
        assertThat(targets(Map.of("hasPackage", pkg, "packageState", "BROKEN"))).isEmpty();
    }

    @Test
    void aHeldPackageLock_onAFirstInstall_failsAtStepInstall_withoutRollbackOrBrokenRecord() {
        String pkg = Catalog.createPackage("lock-first");
        addVersions(pkg);
        addVersion(pkg, "3.0.0", Catalog.upload("app.zip", lockHeldZip(pkg)));
        Path stateDir = sandbox.resolve("host-state");
        String host = start(pkg, stateDir);

        String failed = run(pkg, "3.0.0", "FAILED");

        Map<String, Object> invocation = Rollouts.invocations(failed, null).get(0);
        assertThat(invocation).containsEntry("status", "FAILED").containsEntry("step", "install")
                .containsEntry("exitCode", ScriptGenerator.LOCK_WAIT_EXIT_CODE);
        assertThat((String) invocation.get("output")).contains("Gave up waiting for the dpkg lock",
                "[agent] install.sh exited 75: the package manager was busy (another process held its lock) and"
                        + " nothing was changed; try again later")
                .doesNotContain("rolling back", "=== uninstall.sh", "broken");
        // Neither 3.0.0's uninstall.sh (which would wait for the same lock) nor anything else ran.
        assertThat(log(host)).containsExactly("install 3.0.0 busy");
        assertThat(stateDir.resolve("packages").resolve(pkg)).doesNotExist();
        assertThat(GraphQL.ok(INSTALLED_PACKAGES, vars("id", host)).getList("target.installedPackages")).isEmpty();
        assertThat(targets(Map.of("hasPackage", pkg, "packageState", "BROKEN"))).isEmpty();
    }

    @Test
    void aHeldPackageLock_afterThePreviousVersionWasUninstalled_reinstallsIt_withoutUninstallingTheNewOne() {
        String pkg = Catalog.createPackage("lock-reinstall");
        addVersions(pkg);
        addVersion(pkg, "3.0.0", Catalog.upload("app.zip", lockHeldZip(pkg)));
        Path stateDir = sandbox.resolve("host-state");
        String host = start(pkg, stateDir);
        run(pkg, "1.0.0", "SUCCEEDED");

        String failed = run(pkg, "3.0.0", "FAILED");

        Map<String, Object> invocation = Rollouts.invocations(failed, null).get(0);
        assertThat(invocation).containsEntry("status", "FAILED").containsEntry("step", "install")
                .containsEntry("exitCode", ScriptGenerator.LOCK_WAIT_EXIT_CODE);
        assertThat((String) invocation.get("output")).contains("the package manager was busy",
                "[agent] not running uninstall.sh of 3.0.0: its install.sh changed nothing",
                "=== install.sh (rollback) ===", "[agent] rollback succeeded");
        assertThat(log(host)).containsExactly("install 1.0.0", "uninstall 1.0.0", "install 3.0.0 busy",
                "install 1.0.0");
        assertThat(state(host, pkg)).containsEntry("version", "1.0.0").containsEntry("state", "INSTALLED");
        assertThat(stateDir.resolve("packages").resolve(pkg).resolve("broken")).doesNotExist();
    }

    @Test
    void anAgentStoppedWhileItReinstalled_recordsThePackageBroken_soALaterRunOfTheOldVersionIsNotSkipped() {
        String pkg = Catalog.createPackage("interrupted");
        addVersions(pkg);
        addVersion(pkg, "4.0.0", Catalog.upload("app.zip", hangingZip(pkg)));
        Path stateDir = sandbox.resolve("host-state");
        String host = start(pkg, stateDir);
        run(pkg, "1.0.0", "SUCCEEDED");

        String interrupted = Rollouts.create(deployment(pkg, "4.0.0"));
        Rollouts.control("startRollout", interrupted);
        // 1.0.0 is uninstalled and 4.0.0's install.sh runs when the agent (and the host's power) goes.
        await().atMost(PATIENCE).until(() -> log(host).contains("install 4.0.0 started"));
        ShellAgents.destroyAll();
        start(pkg, stateDir);

        Rollouts.awaitState(interrupted, "FAILED", PATIENCE);
        Map<String, Object> invocation = Rollouts.invocations(interrupted, null).get(0);
        assertThat(invocation).containsEntry("status", "FAILED").containsEntry("step", "agent-restarted");
        assertThat((String) invocation.get("output")).contains("the agent restarted while this command ran",
                "it was changing " + pkg + ", so " + pkg + " is recorded as broken");
        assertThat(stateDir.resolve("packages").resolve(pkg).resolve("broken")).exists();
        await().atMost(PATIENCE).until(() -> "BROKEN".equals(state(host, pkg).get("state")));
        assertThat(state(host, pkg)).containsEntry("version", "1.0.0");

        // 1.0.0 is what the record names, yet it is installed again rather than skipped.
        String repaired = run(pkg, "1.0.0", "SUCCEEDED");
        assertThat(Rollouts.invocations(repaired, null).get(0)).containsEntry("step", "install");
        assertThat(log(host)).containsExactly("install 1.0.0", "uninstall 1.0.0", "install 4.0.0 started",
                "uninstall 1.0.0", "install 1.0.0");
        assertThat(state(host, pkg)).containsEntry("version", "1.0.0").containsEntry("state", "INSTALLED");
    }

    private String start(String pkg, Path stateDir) {
        CreatedActivation activation = Agents.activation(1, Map.of("fleet", pkg));
        ShellAgents.start(List.of("sh", ShellAgents.AGENT_SCRIPT.toString(), "--foreground", "--server",
                baseUrl.toString().replaceAll("/$", ""), "--state-dir", stateDir.toString(), "--wait", "5",
                "--platform", "ubuntu", "--platform-version", "22.04", "--arch", "x86_64", "--hostname", pkg,
                "--activation-id", activation.id().toString(), "--activation-code", activation.code()), pkg,
                Map.of());
        Path idFile = stateDir.resolve("instance_id");
        await().atMost(ShellAgents.PATIENCE).until(() -> !ShellAgents.read(idFile).isBlank());
        return ShellAgents.read(idFile).trim();
    }

    private Map<String, Object> deployment(String pkg, String version) {
        return Map.of("packageName", pkg, "version", version, "installType", "REINSTALL",
                "selector", Map.of("tags", List.of("fleet=" + pkg)),
                "arguments", List.of(Map.of("name", "SSM_TARGET_ROOT", "value", sandbox.toString())),
                "strategy", Map.of("waves", List.of("100%"), "maxConcurrency", "100%", "commandTimeoutSeconds", 60));
    }

    /** Deploys the version to the package's host and waits for the run to end in {@code state}. */
    private String run(String pkg, String version, String state) {
        String rollout = Rollouts.create(deployment(pkg, version));
        Rollouts.control("startRollout", rollout);
        Rollouts.awaitState(rollout, state, PATIENCE);
        return rollout;
    }

    /**
     * 1.0.0 installs unless the host folder holds a {@code block} file; 2.0.0's install always fails (exit 3). Each
     * script logs to $SSM_TARGET_ROOT/<instance id>/log.
     */
    private static void addVersions(String pkg) {
        String dir = "d=\"${SSM_TARGET_ROOT:?}/$DISTRIBUTOR_INSTANCE_ID\"; mkdir -p \"$d\"\n";
        byte[] first = new Zips()
                .with("install.sh", "#!/bin/sh\n" + dir + "if [ -f \"$d/block\" ]; then\n"
                        + "  echo 'install 1.0.0 blocked' >> \"$d/log\"; echo '1.0.0 is blocked' >&2; exit 4\nfi\n"
                        + "echo 'install 1.0.0' >> \"$d/log\"\necho 1.0.0 > \"$d/app\"\n")
                .with("uninstall.sh", "#!/bin/sh\n" + dir + "echo 'uninstall 1.0.0' >> \"$d/log\"\nrm -f \"$d/app\"\n")
                .with("package.txt", pkg + " 1.0.0\n")
                .bytes();
        byte[] second = new Zips()
                .with("install.sh", "#!/bin/sh\n" + dir + "echo 'install 2.0.0 failed' >> \"$d/log\"\n"
                        + "echo 'installing 2.0.0 fails'\nexit 3\n")
                .with("uninstall.sh", "#!/bin/sh\n" + dir + "echo 'uninstall 2.0.0' >> \"$d/log\"\n")
                .with("package.txt", pkg + " 2.0.0\n")
                .bytes();
        addVersion(pkg, "1.0.0", Catalog.upload("app.zip", first));
        addVersion(pkg, "2.0.0", Catalog.upload("app.zip", second));
    }

    /**
     * 3.0.0 as a generated script that gave up waiting for the dpkg lock: install.sh and uninstall.sh print so and exit
     * 75, logging "install 3.0.0 busy" and "uninstall 3.0.0 busy".
     */
    private static byte[] lockHeldZip(String pkg) {
        String dir = "d=\"${SSM_TARGET_ROOT:?}/$DISTRIBUTOR_INSTANCE_ID\"; mkdir -p \"$d\"\n";
        String busy = "echo 'Gave up waiting for the dpkg lock after 300 s (exit code 75)' >&2\nexit "
                + ScriptGenerator.LOCK_WAIT_EXIT_CODE + "\n";
        return new Zips()
                .with("install.sh", "#!/bin/sh\n" + dir + "echo 'install 3.0.0 busy' >> \"$d/log\"\n" + busy)
                .with("uninstall.sh", "#!/bin/sh\n" + dir + "echo 'uninstall 3.0.0 busy' >> \"$d/log\"\n" + busy)
                .with("package.txt", pkg + " 3.0.0\n")
                .bytes();
    }

    /** 4.0.0, whose install.sh logs "install 4.0.0 started" and then hangs (the test stops the agent meanwhile). */
    private static byte[] hangingZip(String pkg) {
        String dir = "d=\"${SSM_TARGET_ROOT:?}/$DISTRIBUTOR_INSTANCE_ID\"; mkdir -p \"$d\"\n";
        return new Zips()
                .with("install.sh", "#!/bin/sh\n" + dir + "echo 'install 4.0.0 started' >> \"$d/log\"\nsleep 300\n")
                .with("uninstall.sh", "#!/bin/sh\n" + dir + "echo 'uninstall 4.0.0' >> \"$d/log\"\n")
                .with("package.txt", pkg + " 4.0.0\n")
                .bytes();
    }

    private static void addVersion(String pkg, String version, String sha256) {
        Catalog.addVersion(pkg, version, """
                {
                  "schemaVersion": "2.0",
                  "version": "%s",
                  "packages": { "_any": { "_any": { "_any": { "file": "app.zip" } } } },
                  "files": { "app.zip": { "checksums": { "sha256": "%s" } } }
                }
                """.formatted(version, sha256), true);
    }

    private static Map<String, Object> state(String instanceId, String pkg) {
        List<Map<String, Object>> installed = GraphQL.ok(INSTALLED_PACKAGES, vars("id", instanceId))
                .getList("target.installedPackages");
        return installed.stream().filter(row -> pkg.equals(row.get("packageName"))).findFirst().orElseThrow();
    }

    private static List<String> targets(Map<String, Object> filter) {
        return GraphQL.ok(TARGETS, vars("filter", filter)).getList("targets.edges.node.instanceId", String.class);
    }

    private Path hostDir(String instanceId) {
        return sandbox.resolve(instanceId);
    }

    private List<String> log(String instanceId) {
        return ShellAgents.read(hostDir(instanceId).resolve("log")).lines().toList();
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
