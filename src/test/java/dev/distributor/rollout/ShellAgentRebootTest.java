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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.common.time.ServiceClock;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;
import dev.distributor.testing.ShellAgents;
import dev.distributor.testing.StoredArtifacts;
import dev.distributor.testing.Zips;

/**
 * A reboot is not a success yet (issue 15, case 1), with real shell agents outside foreground mode whose reboot
 * command kills the agent ("the host went down"); starting the agent again on the same state directory with a new
 * boot id (DISTRIBUTOR_AGENT_BOOT_ID_FILE) is "the host came back", and with the same boot id "only the agent
 * restarted". A script exiting 194 with rebootAllowed keeps its invocation REBOOTING, and the run waiting, until the
 * host reports after its boot, or until the reboot limit ends it TIMED_OUT.
 */
@QuarkusTest
class ShellAgentRebootTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final String INVOCATIONS = """
            query($id: String!) {
              rollout(id: $id) {
                invocations(first: 50) {
                  edges { node { instanceId wave status statusReason exitCode rebootRequired step output commandId } }
                }
              }
            }
            """;

    @TestHTTPResource("/")
    URL baseUrl;

    @TempDir
    Path sandbox;

    @Inject
    ServiceClock clock;

    @Inject
    RolloutConfig config;

    /** One host: its agent's state directory and the instance id it registered as. */
    record Host(String name, Path stateDir, String instanceId) {

        Path reboots() {
            return stateDir.resolve("reboots");
        }

        /** The file the agent reads its boot id from: a new content is a new boot. */
        Path bootId() {
            return stateDir.resolveSibling(name + "-boot_id");
        }
    }

    @AfterEach
    void stopAgentsAndResetTheClock() {
        ShellAgents.destroyAll();
        clock.reset();
    }

    @Test
    void aScriptAskingForAnAllowedReboot_keepsTheRunWaitingUntilTheHostReportsAfterBoot_thenTheRunGoesOn() {
        String pkg = Catalog.createPackage("reboot-ok");
        addVersion(pkg, true);
        CreatedActivation activation = Agents.activation(2, Map.of("fleet", pkg));
        List<Host> hosts = List.of(boot(activation, pkg + "-a"), boot(activation, pkg + "-b"));
        String rollout = start(pkg, true, List.of("1"));

        Map<String, Object> canary = awaitInvocation(rollout, 1, "REBOOTING");
        Host first = hostOf(hosts, canary);
        Host second = hosts.get(hosts.get(0) == first ? 1 : 0);
        assertThat(canary.get("exitCode")).isEqualTo(194);
        assertThat(canary.get("rebootRequired")).isEqualTo(true);
        assertThat(canary.get("step")).isEqualTo("install");
        assertThat((String) canary.get("output")).contains("installing " + pkg);
        // The agent reports REBOOTING, sends its inventory, then reboots: the report may be seen first.
        await().atMost(PATIENCE).until(() -> ShellAgents.read(first.reboots()).contains("reboot"));
        assertThat(ShellAgents.read(first.reboots()).lines()).containsExactly("reboot");
        assertThat(Agents.command(UUID.fromString((String) canary.get("commandId"))).state())
                .isEqualTo("REBOOTING");
        // The host is down: however many engine ticks pass, wave 2 does not start and the run does not finish.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> {
            var run = Rollouts.get(rollout);
            return run.getString("state").equals("RUNNING") && run.getInt("currentWave") == 1
                    && invocation(rollout, second).get("status").equals("PENDING");
        });
        var waiting = Rollouts.get(rollout);
        assertThat(waiting.getString("waves[0].state")).isEqualTo("RUNNING");
        assertThat(GraphQL.ok("query($id: String!) { rollout(id: $id) { counts { rebooting } } }",
                vars("id", rollout)).getInt("rollout.counts.rebooting")).isEqualTo(1);
        assertThat(Rollouts.events(rollout)).anySatisfy(event -> {
            assertThat(event.get("type")).isEqualTo("INVOCATION");
            assertThat(event.get("status")).isEqualTo("REBOOTING");
            assertThat(event.get("instanceId")).isEqualTo(first.instanceId());
        });

        comeBack(first);
        Map<String, Object> rebooted = awaitInvocation(rollout, 1, "SUCCESS");
        assertThat(rebooted.get("step")).isEqualTo("validate");
        assertThat(rebooted.get("rebootRequired")).isEqualTo(true);
        assertThat((String) rebooted.get("output")).contains("the host is back after the reboot", "validated " + pkg);

        // Wave 2 runs on the second host, which reboots in turn and comes back.
        awaitInvocation(rollout, 2, "REBOOTING");
        comeBack(second);
        var done = Rollouts.awaitState(rollout, "SUCCEEDED", PATIENCE);
        assertThat(done.getInt("counts.success")).isEqualTo(2);
        for (Host host : hosts) {
            // The install ran once; validate.sh ran once, after the boot (not before the reboot it may need): the
            // agent did not run the command again.
            assertThat(ShellAgents.read(sandbox.resolve(host.instanceId()).resolve("log")).lines())
                    .containsExactly("install", "validate");
            assertThat(ShellAgents.read(host.reboots()).lines()).containsExactly("reboot");
        }
    }

    @Test
    void aHostThatNeverComesBackFromItsReboot_timesOutAtTheRebootLimit_andTheRunAppliesItsThresholds() {
        String pkg = Catalog.createPackage("reboot-gone");
        addVersion(pkg, false);
        CreatedActivation activation = Agents.activation(2, Map.of("fleet", pkg));
        List<Host> hosts = List.of(boot(activation, pkg + "-a"), boot(activation, pkg + "-b"));
        String rollout = start(pkg, true, List.of("1"));
        Map<String, Object> canary = awaitInvocation(rollout, 1, "REBOOTING");
        Host gone = hostOf(hosts, canary);

        long limit = config.rebootTimeout().toSeconds();
        clock.advance(Duration.ofSeconds(limit - 60));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> invocation(rollout, gone).get("status").equals("REBOOTING"));
        clock.advance(Duration.ofSeconds(61));

        var failed = Rollouts.awaitState(rollout, "FAILED", PATIENCE);
        Map<String, Object> timedOut = invocation(rollout, gone);
        assertThat(timedOut.get("status")).isEqualTo("TIMED_OUT");
        assertThat(timedOut.get("statusReason"))
                .isEqualTo("the host did not report within " + limit + " s of its reboot (reboot-timeout)");
        assertThat(Agents.command(UUID.fromString((String) timedOut.get("commandId"))))
                .satisfies(command -> {
                    assertThat(command.state()).isEqualTo("TIMED_OUT");
                    assertThat(command.step()).isEqualTo("no-report-after-reboot");
                });
        // maxErrors defaults to 5% of 2 targets, rounded down: none tolerated. The second wave never ran.
        assertThat(failed.getString("stateReason")).isEqualTo("1 failed or timed out, more than maxErrors (0)");
        assertThat(failed.getInt("counts.timedOut")).isEqualTo(1);
        assertThat(failed.getInt("counts.cancelled")).isEqualTo(1);
        assertThat(failed.getInt("counts.success")).isZero();
    }

    @Test
    void aScriptAskingForAReboot_theCommandDoesNotAllow_isSuccessWithRebootRequired_andNothingReboots() {
        String pkg = Catalog.createPackage("reboot-no");
        addVersion(pkg, false);
        CreatedActivation activation = Agents.activation(1, Map.of("fleet", pkg));
        Host host = boot(activation, pkg + "-a");
        String rollout = start(pkg, false, List.of("100%"));

        var done = Rollouts.awaitState(rollout, "SUCCEEDED", PATIENCE);

        assertThat(done.getInt("counts.success")).isEqualTo(1);
        Map<String, Object> invocation = invocation(rollout, host);
        assertThat(invocation.get("status")).isEqualTo("SUCCESS");
        assertThat(invocation.get("exitCode")).isEqualTo(194);
        assertThat(invocation.get("rebootRequired")).isEqualTo(true);
        assertThat(invocation.get("step")).isEqualTo("install");
        assertThat(Rollouts.events(rollout)).noneMatch(event -> "REBOOTING".equals(event.get("status")));
        assertThat(host.reboots()).doesNotExist();
        assertThat(ShellAgents.read(host.stateDir().resolve("logs/agent.log")))
                .contains("a script asked for a reboot; the command does not allow it");
    }

    @Test
    void aValidateScriptFailingAfterTheBoot_failsTheCommandAtStepValidate_withoutRunningTheInstallAgain() {
        CreatedActivation activation = Agents.activation(1, Map.of("env", "reboot"));
        Path target = sandbox.resolve("validate-target");
        // This host's reboot loses what the install wrote: validate.sh would pass before it and fails after it.
        Host host = boot(activation, "reboot-validate", "rm -f '" + target.resolve("app") + "'; ");
        String sha = StoredArtifacts.place(commandZip(target));

        UUID id = Agents.queue(rebootingInstall(host, sha, target));
        await().atMost(PATIENCE).until(() -> Agents.command(id).state().equals("REBOOTING"));
        AgentCommand done = Agents.command(id);
        assertThat(done.exitCode()).isEqualTo(194);
        await().atMost(PATIENCE).until(() -> ShellAgents.read(host.reboots()).contains("reboot"));
        comeBack(host);

        await().atMost(PATIENCE).until(() -> Agents.command(done.id()).state().equals("FAILED"));
        AgentCommand failed = Agents.command(done.id());
        assertThat(failed.step()).isEqualTo("validate");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.rebootRequired()).isTrue();
        assertThat(failed.output()).contains("install.sh asked for a reboot: validate.sh runs after the boot",
                "the host is back after the reboot (install exited 194)").doesNotContain("rolling back");
        // No validate before the reboot, and no rollback after it: the install stays as it is.
        assertThat(ShellAgents.read(target.resolve("log")).lines()).containsExactly("install", "validate");
    }

    @Test
    void aValidateScriptThatNeedsTheReboot_runsOnlyAfterTheBoot_andTheCommandSucceeds() {
        CreatedActivation activation = Agents.activation(1, Map.of("env", "reboot"));
        Path target = sandbox.resolve("needs-boot-target");
        // Only the boot completes the install (writes app), so validate.sh fails before the reboot and passes after.
        Host host = boot(activation, "reboot-needs-boot", "echo booted > '" + target.resolve("app") + "'; ");
        String sha = StoredArtifacts.place(commandZip(target, false));

        UUID id = Agents.queue(rebootingInstall(host, sha, target));
        await().atMost(PATIENCE).until(() -> ShellAgents.read(host.reboots()).contains("reboot"));
        assertThat(Agents.command(id).state()).isEqualTo("REBOOTING");
        comeBack(host);

        await().atMost(PATIENCE).until(() -> Agents.command(id).state().equals("SUCCESS"));
        AgentCommand done = Agents.command(id);
        assertThat(done.step()).isEqualTo("validate");
        assertThat(done.rebootRequired()).isTrue();
        assertThat(done.output()).contains("install.sh asked for a reboot: validate.sh runs after the boot")
                .doesNotContain("rolling back");
        assertThat(ShellAgents.read(target.resolve("log")).lines()).containsExactly("install", "validate");
    }

    @Test
    void aRebootCommandThatFails_failsTheCommandAtStepReboot() {
        CreatedActivation activation = Agents.activation(1, Map.of("env", "reboot"));
        Path target = sandbox.resolve("no-reboot-target");
        Host host = boot(activation, "reboot-refused", "exit 3; ");
        String sha = StoredArtifacts.place(commandZip(target));

        UUID id = Agents.queue(rebootingInstall(host, sha, target));

        await().atMost(PATIENCE).until(() -> Agents.command(id).state().equals("FAILED"));
        AgentCommand failed = Agents.command(id);
        assertThat(failed.step()).isEqualTo("reboot");
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.output()).contains("the reboot command failed (exit 3)");
        assertThat(host.reboots()).doesNotExist();
    }

    @Test
    void anAgentRestartedWithoutAReboot_doesNotReportSuccess_butFailsAtStepReboot_andDoesNotRebootAgain() {
        CreatedActivation activation = Agents.activation(1, Map.of("env", "reboot"));
        Path target = sandbox.resolve("no-boot-target");
        // The reboot command kills the agent, as a supervisor restart or an OOM kill would, but the host keeps its
        // boot: the boot id does not change.
        Host host = boot(activation, "reboot-restart-only");
        String sha = StoredArtifacts.place(commandZip(target));

        UUID id = Agents.queue(rebootingInstall(host, sha, target));
        await().atMost(PATIENCE).until(() -> Agents.command(id).state().equals("REBOOTING"));
        await().atMost(PATIENCE).until(() -> ShellAgents.read(host.reboots()).contains("reboot"));
        restartWithoutBoot(host);

        await().atMost(PATIENCE).until(() -> !Agents.command(id).state().equals("REBOOTING"));
        AgentCommand failed = Agents.command(id);
        assertThat(failed.state()).isEqualTo("FAILED");
        assertThat(failed.step()).isEqualTo("reboot");
        assertThat(failed.exitCode()).isEqualTo(-1);
        assertThat(failed.output()).contains("the host did not reboot (same boot id)")
                .doesNotContain("the host is back after the reboot");
        assertThat(ShellAgents.read(host.reboots()).lines()).containsExactly("reboot");
        // validate.sh never ran: it decides after a boot, and there was none.
        assertThat(ShellAgents.read(target.resolve("log")).lines()).containsExactly("install");
    }

    // -------------------------------------------------------------------- hosts

    /** Starts a host's agent outside foreground mode; its reboot is a line in {@code reboots} and a SIGKILL. */
    private Host boot(CreatedActivation activation, String name) {
        return boot(activation, name, "");
    }

    /** As {@link #boot(CreatedActivation, String)}, its reboot command starting with {@code beforeReboot}. */
    private Host boot(CreatedActivation activation, String name, String beforeReboot) {
        Path stateDir = sandbox.resolve(name + "-state");
        newBootId(stateDir.resolveSibling(name + "-boot_id"));
        launch(stateDir, name, List.of("--activation-id", activation.id().toString(), "--activation-code",
                activation.code(), "--reboot-command", beforeReboot + rebootCommand(stateDir)));
        Path idFile = stateDir.resolve("instance_id");
        await().atMost(ShellAgents.PATIENCE).until(() -> !ShellAgents.read(idFile).isBlank());
        return new Host(name, stateDir, ShellAgents.read(idFile).trim());
    }

    /** The host came back: a new boot id, and its agent starts again on the same state directory, as at boot. */
    private void comeBack(Host host) {
        newBootId(host.bootId());
        launch(host.stateDir(), host.name(), List.of("--reboot-command", rebootCommand(host.stateDir())));
    }

    /** Only the agent restarted: same state directory, same boot id. */
    private void restartWithoutBoot(Host host) {
        launch(host.stateDir(), host.name(), List.of("--reboot-command", rebootCommand(host.stateDir())));
    }

    private static void newBootId(Path file) {
        try {
            Files.writeString(file, UUID.randomUUID() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "The host went down": a line in the state directory's {@code reboots}, and the agent killed. */
    private static String rebootCommand(Path stateDir) {
        return "echo reboot >> '" + stateDir.resolve("reboots") + "'; kill -KILL \"$DISTRIBUTOR_AGENT_PID\"";
    }

    private void launch(Path stateDir, String name, List<String> extra) {
        List<String> command = new ArrayList<>(List.of("sh", ShellAgents.AGENT_SCRIPT.toString(), "--server",
                baseUrl.toString().replaceAll("/$", ""), "--state-dir", stateDir.toString(), "--wait", "5",
                "--platform", "ubuntu", "--platform-version", "22.04", "--arch", "x86_64", "--hostname", name));
        command.addAll(extra);
        ShellAgents.start(command, name,
                Map.of("DISTRIBUTOR_AGENT_BOOT_ID_FILE", stateDir.resolveSibling(name + "-boot_id").toString()));
    }

    private static Host hostOf(List<Host> hosts, Map<String, Object> invocation) {
        return hosts.stream().filter(h -> h.instanceId().equals(invocation.get("instanceId"))).findFirst()
                .orElseThrow();
    }

    // -------------------------------------------------------------------- rollouts

    /** Starts a run of the package's 1.0.0 on its hosts; {@code waves} as the strategy lists them. */
    private String start(String pkg, boolean rebootAllowed, List<String> waves) {
        Map<String, Object> input = Map.of("packageName", pkg, "version", "1.0.0", "installType", "REINSTALL",
                "selector", Map.of("tags", List.of("fleet=" + pkg)),
                "arguments", List.of(Map.of("name", "SSM_TARGET_ROOT", "value", sandbox.toString())),
                "strategy", Map.of("waves", waves, "maxConcurrency", "100%", "commandTimeoutSeconds", 60,
                        "rebootAllowed", rebootAllowed));
        String rollout = Rollouts.create(input);
        Rollouts.control("startRollout", rollout);
        return rollout;
    }

    private static List<Map<String, Object>> invocations(String rollout) {
        return GraphQL.ok(INVOCATIONS, vars("id", rollout)).getList("rollout.invocations.edges.node");
    }

    private static Map<String, Object> invocation(String rollout, Host host) {
        return invocations(rollout).stream().filter(i -> host.instanceId().equals(i.get("instanceId")))
                .findFirst().orElseThrow();
    }

    /** Waits until the (one) invocation of {@code wave} is in {@code status}; returns it then. */
    private static Map<String, Object> awaitInvocation(String rollout, int wave, String status) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> invocations(rollout).stream()
                .anyMatch(i -> Integer.valueOf(wave).equals(i.get("wave")) && status.equals(i.get("status"))));
        return invocations(rollout).stream()
                .filter(i -> Integer.valueOf(wave).equals(i.get("wave")) && status.equals(i.get("status")))
                .findFirst().orElseThrow();
    }

    /** A single install of {@code sha} allowing a reboot, its scripts writing to {@code target}. */
    private static CommandSpec rebootingInstall(Host host, String sha, Path target) {
        return new CommandSpec(host.instanceId(), "INSTALL", "REINSTALL", Catalog.uniqueName("reboot-cmd"), "1.0.0",
                sha, 1024L, null, null, Map.of("SSM_TARGET_DIR", target.toString()), 60, true, 3600, 540);
    }

    /** install.sh logs "install", writes app and exits 194; validate.sh logs "validate" and checks app. */
    private static byte[] commandZip(Path target) {
        return commandZip(target, true);
    }

    /** As {@link #commandZip(Path)}; unless {@code writesApp}, install.sh leaves writing app to the reboot. */
    private static byte[] commandZip(Path target, boolean writesApp) {
        String dir = ": \"${SSM_TARGET_DIR:?}\"; mkdir -p \"$SSM_TARGET_DIR\"\n";
        String write = writesApp ? "echo " + target.getFileName() + " > \"$SSM_TARGET_DIR/app\"\n" : "";
        return new Zips()
                .with("install.sh", "#!/bin/sh\n" + dir + "echo install >> \"$SSM_TARGET_DIR/log\"\n"
                        + write + "exit 194\n")
                .with("validate.sh", "#!/bin/sh\n" + dir + "echo validate >> \"$SSM_TARGET_DIR/log\"\n"
                        + "test -f \"$SSM_TARGET_DIR/app\"\n")
                .with("uninstall.sh", "#!/bin/sh\nrm -f \"$SSM_TARGET_DIR/app\"\n")
                .bytes();
    }

    /**
     * 1.0.0 for any Linux host: install.sh logs "install" to $SSM_TARGET_ROOT/<instance id>/log and exits 194 (reboot
     * required); with {@code validate}, validate.sh logs "validate" and checks the install's file.
     */
    private static void addVersion(String pkg, boolean validate) {
        String dir = "d=\"${SSM_TARGET_ROOT:?}/$DISTRIBUTOR_INSTANCE_ID\"; mkdir -p \"$d\"\n";
        Zips zip = new Zips()
                .with("install.sh",
                        "#!/bin/sh\nset -e\n" + dir + "echo install >> \"$d/log\"\necho installed > \"$d/app\"\n"
                                + "echo installing " + pkg + "\nexit 194\n")
                .with("uninstall.sh", "#!/bin/sh\n" + dir + "rm -f \"$d/app\"\n");
        if (validate) {
            zip.with("validate.sh", "#!/bin/sh\nset -e\n" + dir + "echo validate >> \"$d/log\"\ntest -f \"$d/app\"\n"
                    + "echo validated " + pkg + "\n");
        }
        String sha = Catalog.upload("app.zip", zip.bytes());
        Catalog.addVersion(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", "app.zip", sha), true);
    }
}
