package dev.distributor.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.distributor.fleet.service.ActivationService.CreatedActivation;

/**
 * Real shell agent processes (deploy/agent/distributor-agent.sh) in sandbox folders, registered with the test service.
 * Close it after each test: every process it started is killed.
 */
public final class ShellAgents implements AutoCloseable {

    public static final Path SCRIPT = Path.of("deploy/agent/distributor-agent.sh").toAbsolutePath();
    private static final Duration PATIENCE = Duration.ofSeconds(40);

    private final String serverUrl;
    private final Path sandbox;
    private final List<Process> processes = new ArrayList<>();

    /** One running agent: its process, state folder and the instance id it registered as. */
    public record Agent(Process process, Path stateDir, String instanceId, String hostname) {
    }

    public ShellAgents(String serverUrl, Path sandbox) {
        this.serverUrl = serverUrl.replaceAll("/$", "");
        this.sandbox = sandbox;
    }

    /** Starts an agent with these facts and waits until it has registered. */
    public Agent start(CreatedActivation activation, String hostname, String platform, String platformVersion,
            String arch) {
        Path stateDir = sandbox.resolve(hostname + "-state");
        List<String> cmd = List.of("sh", SCRIPT.toString(), "--foreground", "--server", serverUrl, "--state-dir",
                stateDir.toString(), "--wait", "5", "--platform", platform, "--platform-version", platformVersion,
                "--arch", arch, "--hostname", hostname, "--activation-id", activation.id().toString(),
                "--activation-code", activation.code());
        try {
            Path log = Files.createDirectories(Path.of("target", "shell-agent-logs")).resolve(hostname + ".out");
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            processes.add(process);
            Path idFile = stateDir.resolve("instance_id");
            await().atMost(PATIENCE).until(() -> !read(idFile).isBlank());
            return new Agent(process, stateDir, read(idFile).trim(), hostname);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's text, or "" when it does not exist (yet). */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }
}
