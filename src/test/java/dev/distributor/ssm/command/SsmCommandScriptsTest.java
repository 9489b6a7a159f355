package dev.distributor.ssm.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import dev.distributor.catalog.artifact.ArtifactConfig;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.testing.ShellAgents;
import dev.distributor.testing.StoredArtifacts;
import dev.distributor.testing.Zips;

/**
 * Renders SSM commands for issued commands and runs them as AWS-RunShellScript would: the lines joined by newlines,
 * run by /bin/sh in a sandbox with the environment the local SSM endpoint gives (DISTRIBUTOR_AGENT_STATE_DIR,
 * DISTRIBUTOR_AGENT_INSTALL_ROOT), downloading the agent and the zips from the test S3 by their presigned URLs.
 */
@QuarkusTest
class SsmCommandScriptsTest {

    private static final Duration VALID_FOR = Duration.ofMinutes(10);

    @Inject
    SsmCommandScripts scripts;

    @Inject
    AgentScriptObject agentScript;

    @Inject
    S3AsyncClient s3;

    @Inject
    ArtifactConfig artifactConfig;

    @TempDir
    Path sandbox;

    /** What one run of the rendered lines gave. */
    record Run(int exitCode, String stdout, String stderr) {

        OneShotResult result() {
            return OneShotResult.parse(stdout).orElseThrow(() -> new AssertionError("no result block in:\n" + stdout
                    + "\nstderr:\n" + stderr));
        }
    }

    @Test
    void anInstallSucceedsAndItsResultBlockComesFirstOnStdout() {
        Path target = dir("target");
        String sha = StoredArtifacts.place(ShellAgents.linuxZip("1.0.0", false).bytes());
        IssuedCommand install = issued(target, "INSTALL", "1.0.0", sha, null, null);

        Run run = run(render(install));

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith(OneShotResult.BEGIN + "\nCOMMAND_ID=" + install.commandId() + "\n");
        assertThat(run.result()).extracting(OneShotResult::status, OneShotResult::exitCode, OneShotResult::step,
                OneShotResult::rebootRequired).containsExactly("SUCCESS", 0, "install", false);
        assertThat(run.result().output()).contains("=== install.sh (install) ===");
        // The platform and arch are this machine's, as the agent reads them (/etc/os-release, uname -m).
        assertThat(ShellAgents.read(target.resolve("log"))).startsWith("install 1.0.0 INSTALL ").hasLineCount(1);
        assertThat(ShellAgents.read(target.resolve("app"))).isEqualTo("1.0.0\n");
        assertThat(tmp()).as("the temporary folder is removed").isEmptyDirectory();
    }

    @Test
    void aRerunWithTheSameCommandIdPrintsTheRecordedResultWithoutInstallingAgain() {
        Path target = dir("target");
        String sha = StoredArtifacts.place(ShellAgents.linuxZip("1.0.0", false).bytes());
        SsmShellCommand rendered = render(issued(target, "INSTALL", "1.0.0", sha, null, null));
        Run first = run(rendered);

        Run second = run(rendered);

        assertThat(second.exitCode()).isZero();
        assertThat(second.result()).isEqualTo(first.result());
        assertThat(ShellAgents.read(target.resolve("log"))).as("install.sh ran once").hasLineCount(1);
    }

    @Test
    void aFailingInstallIsFailedWithItsExitCodeAndOutput() {
        Path target = dir("target");
        String sha = StoredArtifacts.place(new Zips()
                .with("install.sh", "#!/bin/sh\necho 'disk full, giving up'\nexit 3\n")
                .with("uninstall.sh", "#!/bin/sh\necho removing\n").bytes());

        Run run = run(render(issued(target, "INSTALL", "1.0.0", sha, null, null)));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.result()).extracting(OneShotResult::status, OneShotResult::exitCode, OneShotResult::step)
                .containsExactly("FAILED", 3, "install");
        assertThat(run.result().output()).contains("disk full, giving up").contains("rolling back");
    }

    @Test
    void aReinstallOverAnEarlierVersionRunsTheOldUninstallFirst() {
        Path target = dir("target");
        String v1 = StoredArtifacts.place(ShellAgents.linuxZip("1.0.0", false).bytes());
        String v2 = StoredArtifacts.place(ShellAgents.linuxZip("2.0.0", false).bytes());
        assertThat(run(render(issued(target, "INSTALL", "1.0.0", v1, null, null))).exitCode()).isZero();

        Run upgrade = run(render(issued(target, "INSTALL", "2.0.0", v2, "1.0.0", v1)));

        assertThat(upgrade.result()).extracting(OneShotResult::status, OneShotResult::step)
                .containsExactly("SUCCESS", "install");
        assertThat(ShellAgents.read(target.resolve("log")).lines().map(line -> line.split(" ")[0] + " "
                + line.split(" ")[1])).containsExactly("install 1.0.0", "uninstall 1.0.0", "install 2.0.0");
        assertThat(ShellAgents.read(target.resolve("app"))).isEqualTo("2.0.0\n");
    }

    @Test
    void aRebootTheCommandAllowsExits194AndTheRunAfterTheBootFinishesItWithoutInstallingAgain() {
        Path target = dir("target");
        String sha = StoredArtifacts.place(new Zips()
                .with("install.sh", "#!/bin/sh\necho install >> \"$SSM_TARGET_DIR/log\"\nexit 194\n")
                .with("validate.sh", "#!/bin/sh\necho validate >> \"$SSM_TARGET_DIR/log\"\n").bytes());
        var spec = spec(target, "INSTALL", "1.0.0", sha, null, null, Map.of("SSM_TARGET_DIR", target.toString()));
        SsmShellCommand rendered = render(new IssuedCommand(UUID.randomUUID(), withReboot(spec, true)));

        Run beforeReboot = run(rendered);
        Run afterReboot = run(rendered);

        assertThat(beforeReboot.exitCode()).as("SSM reboots the host on 194").isEqualTo(194);
        assertThat(OneShotResult.parse(beforeReboot.stdout())).as("not final yet").isEmpty();
        assertThat(afterReboot.exitCode()).isZero();
        assertThat(afterReboot.result()).extracting(OneShotResult::status, OneShotResult::step,
                OneShotResult::rebootRequired).containsExactly("SUCCESS", "validate", true);
        assertThat(ShellAgents.read(target.resolve("log")).lines()).containsExactly("install", "validate");
    }

    @Test
    void aRebootTheCommandDoesNotAllowEndsSuccessWithRebootRequired() {
        Path target = dir("target");
        String sha = StoredArtifacts.place(new Zips().with("install.sh", "#!/bin/sh\nexit 194\n").bytes());
        var spec = spec(target, "INSTALL", "1.0.0", sha, null, null, Map.of("SSM_TARGET_DIR", target.toString()));

        Run run = run(render(new IssuedCommand(UUID.randomUUID(), withReboot(spec, false))));

        assertThat(run.exitCode()).isZero();
        assertThat(run.result()).extracting(OneShotResult::status, OneShotResult::exitCode,
                OneShotResult::rebootRequired).containsExactly("SUCCESS", 194, true);
    }

    @Test
    void argumentsReachTheScriptsByteForByteWhateverTheyHold() {
        Path target = dir("target");
        String sha = StoredArtifacts.place(new Zips()
                .with("install.sh", "#!/bin/sh\nprintf '%s' \"$SSM_TRICKY\" > \"$SSM_TARGET_DIR/tricky\"\n").bytes());
        String tricky = "it's $(touch pwned) `id` & 100% \"quoted\"\nsecond line";
        var spec = spec(target, "INSTALL", "1.0.0", sha, null, null,
                Map.of("SSM_TARGET_DIR", target.toString(), "SSM_TRICKY", tricky));

        Run run = run(render(new IssuedCommand(UUID.randomUUID(), spec)));

        assertThat(run.result().status()).isEqualTo("SUCCESS");
        assertThat(ShellAgents.read(target.resolve("tricky"))).isEqualTo(tricky);
        assertThat(sandbox.resolve("work").resolve("pwned")).doesNotExist();
    }

    @Test
    void aTamperedAgentScriptIsRefusedBeforeItRuns() throws Exception {
        Path target = dir("target");
        String sha = StoredArtifacts.place(ShellAgents.linuxZip("1.0.0", false).bytes());
        SsmShellCommand rendered = render(issued(target, "INSTALL", "1.0.0", sha, null, null));
        byte[] original = agentBytes();
        put(agentScript.key(), "#!/bin/sh\necho tampered > \"$HOME/ran\"\n".getBytes(StandardCharsets.UTF_8));
        Run run;
        try {
            run = run(rendered);
        } finally {
            put(agentScript.key(), original);
        }

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.result()).extracting(OneShotResult::status, OneShotResult::exitCode, OneShotResult::step)
                .containsExactly("FAILED", -1, "agent-verify");
        assertThat(sandbox.resolve("home").resolve("ran")).doesNotExist();
        assertThat(target.resolve("log")).doesNotExist();
        assertThat(tmp()).as("the temporary folder is removed").isEmptyDirectory();
    }

    @Test
    void windowsTargetsAreRefusedWithoutRendering() {
        var command = issued(dir("target"), "INSTALL", "1.0.0", "ab", null, null);

        assertThatThrownBy(() -> scripts.render(command, "windows", VALID_FOR).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(UnsupportedSsmPlatform.class);
    }

    // ---------------------------------------------------------------- helpers

    private SsmShellCommand render(IssuedCommand command) {
        SsmShellCommand rendered = scripts.render(command, "ubuntu", VALID_FOR).await().atMost(Duration.ofSeconds(30));
        assertThat(rendered.documentName()).isEqualTo("AWS-RunShellScript");
        return rendered;
    }

    private static IssuedCommand issued(Path target, String action, String version, String sha, String previous,
            String previousSha) {
        return new IssuedCommand(UUID.randomUUID(), spec(target, action, version, sha, previous, previousSha,
                Map.of("SSM_TARGET_DIR", target.toString())));
    }

    private static CommandSpec spec(Path target, String action, String version, String sha, String previous,
            String previousSha, Map<String, String> arguments) {
        return new CommandSpec("mi-0123456789abcdef0", action, "REINSTALL", "app", version, sha, null, previous,
                previousSha, arguments, 30, false, 600, 8 * 30 + 60);
    }

    private static CommandSpec withReboot(CommandSpec s, boolean rebootAllowed) {
        return new CommandSpec(s.instanceId(), s.action(), s.installType(), s.packageName(), s.version(),
                s.fileSha256(), s.fileSize(), s.previousVersion(), s.previousFileSha256(), s.arguments(),
                s.timeoutSeconds(), rebootAllowed, s.deliveryTimeoutSeconds(), s.reportLimitSeconds());
    }

    /** Runs the lines as the local SSM endpoint does: /bin/sh -c, a clean environment, a work folder of its own. */
    private Run run(SsmShellCommand command) {
        try {
            Path work = Files.createDirectories(sandbox.resolve("work"));
            Path out = Files.createTempFile(sandbox, "stdout", ".txt");
            Path err = Files.createTempFile(sandbox, "stderr", ".txt");
            var builder = new ProcessBuilder("/bin/sh", "-c", String.join("\n", command.commands()))
                    .directory(work.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(Map.of(
                    "PATH", System.getenv("PATH"),
                    "HOME", dir("home").toString(),
                    "TMPDIR", tmp().toString(),
                    "AWS_SSM_INSTANCE_ID", "mi-0123456789abcdef0",
                    "AWS_SSM_REGION_NAME", "us-east-1",
                    "DISTRIBUTOR_AGENT_STATE_DIR", sandbox.resolve("state").toString(),
                    "DISTRIBUTOR_AGENT_INSTALL_ROOT", dir("root").toString()));
            Process process = builder.start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("the commands did not finish in 90 s");
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path dir(String name) {
        try {
            return Files.createDirectories(sandbox.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path tmp() {
        return dir("tmp");
    }

    private byte[] agentBytes() throws IOException {
        try (var in = AgentScriptObject.class.getResourceAsStream("/agent/distributor-agent.sh")) {
            return in.readAllBytes();
        }
    }

    private void put(String key, byte[] bytes) {
        s3.putObject(p -> p.bucket(artifactConfig.s3().bucket()).key(key), AsyncRequestBody.fromBytes(bytes)).join();
    }
}
