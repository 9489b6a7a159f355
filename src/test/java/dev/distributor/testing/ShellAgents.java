package dev.distributor.testing;

import static dev.distributor.testing.Agents.command;
import static dev.distributor.testing.Agents.rows;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.service.ActivationService.CreatedActivation;

/**
 * Real processes of the POSIX sh agent and its installer (deploy/agent) for tests: starts them with their output in
 * target/shell-agent-logs (kept after a failed test), and ends every one of them when a test is over.
 */
public final class ShellAgents {

    public static final Path AGENT_SCRIPT = Path.of("deploy/agent/distributor-agent.sh").toAbsolutePath();
    public static final Path INSTALLER_SCRIPT = Path.of("deploy/agent/install.sh").toAbsolutePath();
    public static final Path UNIT_FILE = Path.of("deploy/agent/distributor-agent.service").toAbsolutePath();
    public static final Duration PATIENCE = Duration.ofSeconds(40);

    private static final List<Process> PROCESSES = new CopyOnWriteArrayList<>();

    private ShellAgents() {
    }

    /** Starts a process whose output goes to target/shell-agent-logs/{@code logName}.out; it is ended by destroyAll. */
    public static Process start(List<String> command, String logName, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outputOf(logName).toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            PROCESSES.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a polling agent in the foreground for {@code hostname} with these facts, registered with the activation,
     * its state under {@code sandbox}; returns its instance id once it registered.
     */
    public static String startRegistered(String baseUrl, Path sandbox, CreatedActivation activation, String hostname,
            String platform, String platformVersion) {
        Path stateDir = sandbox.resolve(hostname + "-state");
        start(List.of("sh", AGENT_SCRIPT.toString(), "--foreground", "--server", baseUrl.replaceAll("/$", ""),
                "--state-dir", stateDir.toString(), "--wait", "5", "--platform", platform, "--platform-version",
                platformVersion, "--arch", "x86_64", "--hostname", hostname, "--activation-id",
                activation.id().toString(), "--activation-code", activation.code()), hostname, Map.of());
        Path idFile = stateDir.resolve("instance_id");
        await().atMost(PATIENCE).until(() -> !read(idFile).isBlank());
        return read(idFile).trim();
    }

    /** Where the output of processes started under {@code logName} goes. */
    public static Path outputOf(String logName) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "shell-agent-logs"));
            return dir.resolve(logName + ".out");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills every process started here and its descendants, and waits for all of them, so no agent (nor a curl or a
     * script it started) outlives its test or still writes into a temporary folder JUnit is deleting.
     */
    public static void destroyAll() {
        for (Process p : PROCESSES) {
            List<ProcessHandle> tree = new java.util.ArrayList<>(p.descendants().toList());
            tree.add(p.toHandle());
            tree.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle handle : tree) {
                // Clean-up, not an assertion: it fails only when a killed process outlives SIGKILL by 10 s.
                awaitExit(handle);
            }
        }
        PROCESSES.clear();
    }

    /** Waits for a killed process to end; one that outlives SIGKILL by 10 s fails the test that started it. */
    private static void awaitExit(ProcessHandle handle) {
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            // The test run itself is being stopped: keep the interrupt for the caller rather than waiting on.
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("process " + handle.pid() + " did not end within 10 s of SIGKILL", e);
        }
    }

    /** A file's text, or "" when it does not exist (yet). */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** A zip whose scripts append a line to $SSM_TARGET_DIR/log and maintain $SSM_TARGET_DIR/app. */
    public static Zips linuxZip(String version, boolean withUpdate) {
        Zips zip = new Zips()
                .with("install.sh", "#!/bin/sh\nset -e\n: \"${SSM_TARGET_DIR:?}\"\n"
                        + "echo \"install " + version
                        + " $DISTRIBUTOR_ACTION $BWS_PLATFORM_NAME $BWS_ARCHITECTURE\" >> \"$SSM_TARGET_DIR/log\"\n"
                        + "echo " + version + " > \"$SSM_TARGET_DIR/app\"\n")
                .with("uninstall.sh",
                        "#!/bin/sh\nset -e\n: \"${SSM_TARGET_DIR:?}\"\necho \"uninstall " + version
                                + "\" >> \"$SSM_TARGET_DIR/log\"\n"
                                + "rm -f \"$SSM_TARGET_DIR/app\"\n");
        if (withUpdate) {
            zip.with("update.sh",
                    "#!/bin/sh\nset -e\n: \"${SSM_TARGET_DIR:?}\"\necho \"update " + version
                            + " from $DISTRIBUTOR_PREVIOUS_VERSION\" >> \"$SSM_TARGET_DIR/log\"\n"
                            + "echo " + version + " > \"$SSM_TARGET_DIR/app\"\n");
        }
        return zip;
    }

    /** An install or uninstall whose scripts write to {@code targetDir}. */
    public static CommandSpec spec(String instanceId, Path targetDir, String action, String installType, String pkg,
            String version, String sha, String previous, String previousSha, int timeout) {
        return new CommandSpec(instanceId, action, installType, pkg, version, sha, sha == null ? null : 1024L,
                previous, previousSha, Map.of("SSM_TARGET_DIR", targetDir.toString()), timeout, false, 3600,
                8L * timeout + 60);
    }

    public static AgentCommand awaitFinished(UUID id) {
        await().atMost(PATIENCE).until(() -> Set.of("SUCCESS", "FAILED", "TIMED_OUT").contains(command(id).state()));
        return command(id);
    }

    /** The host's installed packages as the service knows them: (package, version) rows. */
    public static List<List<Object>> installed(String instanceId) {
        return rows("select package_name, version from installed_package where instance_id = ? order by 1",
                instanceId);
    }
}
