package dev.distributor.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One replica of the service: the packaged runner jar ({@code target/quarkus-app/quarkus-run.jar}, built by
 * {@code package}) in a JVM of its own, on a free loopback port chosen once, so a {@link #restart} comes back at the
 * same URL and the agents find it again. Its output (both streams, every incarnation) goes to
 * {@code target/it-logs/<name>.log}.
 * <p>
 * {@link #kill} is SIGKILL ({@link Process#destroyForcibly()} on Linux; the exit status 137 = 128 + 9 is checked):
 * nothing of the service's own shutdown runs. {@link #stop} is SIGTERM and waits for the exit. {@link #close} (teardown)
 * sends SIGTERM and, after 20 s, SIGKILL; a shutdown hook kills the process should the test JVM end without teardown.
 */
final class ServiceProcess implements AutoCloseable {

    /** SIGKILL's exit status as a JVM child reports it: 128 + 9. */
    static final int SIGKILL_EXIT = 137;
    private static final Duration READY_DEADLINE = Duration.ofSeconds(120);

    private final String name;
    private final int port;
    private Map<String, String> environment;
    private static final Pattern JSON_ERROR = Pattern.compile("\"level\"\\s*:\\s*\"ERROR\"");

    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private ServiceProcess(String name, int port, Map<String, String> environment, Path log) {
        this.name = name;
        this.port = port;
        this.environment = environment;
        this.log = log;
    }

    /**
     * Starts a replica and waits until it is ready.
     *
     * @param name names the log file and the assertions' messages
     * @param settings DISTRIBUTOR_* variables on top of the port's (the database, S3, ticks, ...)
     * @throws IllegalStateException when it exits or is not ready within 120 s (the message carries the log's tail)
     */
    static ServiceProcess start(String name, Map<String, String> settings) {
        return start(name, settings, "/q/health/ready");
    }

    /**
     * As {@link #start(String, Map)}, but waits only until it is live ({@code /q/health/live} answers 200), not ready:
     * for a replica whose database or bucket does not answer yet.
     */
    static ServiceProcess startLive(String name, Map<String, String> settings) {
        return start(name, settings, "/q/health/live");
    }

    private static ServiceProcess start(String name, Map<String, String> settings, String awaitedHealth) {
        Path logs = Path.of(System.getProperty("distributor.it.log-dir", "target/it-logs"));
        try {
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            Files.deleteIfExists(log);
            Map<String, String> environment = new TreeMap<>(settings);
            int port = freePort();
            environment.put("DISTRIBUTOR_HTTP_HOST", "127.0.0.1");
            environment.put("DISTRIBUTOR_HTTP_PORT", String.valueOf(port));
            ServiceProcess service = new ServiceProcess(name, port, Map.copyOf(environment), log);
            try {
                service.launch(awaitedHealth);
            } catch (RuntimeException e) {
                service.close();
                throw e;
            }
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, then waits for the exit; returns its status (137). */
    synchronized int kill() {
        Process current = requireRunning();
        current.destroyForcibly();
        int status = waitFor(current);
        if (status != SIGKILL_EXIT) {
            throw new IllegalStateException(name + " exited " + status + " after SIGKILL, expected " + SIGKILL_EXIT);
        }
        note("killed (SIGKILL, exit " + status + ")");
        return status;
    }

    /** SIGTERM, then waits for the service's own shutdown; returns the exit status. */
    synchronized int stop() {
        Process current = requireRunning();
        current.destroy();
        int status = waitFor(current);
        note("stopped (SIGTERM, exit " + status + ")");
        return status;
    }

    /** Starts it again on the same port with the same settings and waits until it is ready. */
    synchronized void restart() {
        if (running()) {
            throw new IllegalStateException(name + " still runs; kill() or stop() it first");
        }
        launch();
    }

    /**
     * As {@link #restart()}, with these settings changed from now on: a test that held something back before a kill
     * (a tick of an hour, say) restarts with the usual value.
     */
    synchronized void restart(Map<String, String> changed) {
        Map<String, String> next = new TreeMap<>(environment);
        next.putAll(changed);
        environment = Map.copyOf(next);
        restart();
    }

    /** SIGTERM and up to 20 s for the service's own shutdown, then SIGKILL: teardown that cannot hang. */
    @Override
    public synchronized void close() {
        if (!running()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        note("closed (exit " + (process.isAlive() ? "none" : String.valueOf(process.exitValue())) + ")");
    }

    private synchronized void launch() {
        launch("/q/health/ready");
    }

    private synchronized void launch(String awaitedHealth) {
        note("starting on port " + port);
        Path jar = Path.of(System.getProperty("distributor.it.runner-jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run `mvn package` (failsafe runs after it in verify)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        // pom.xml's test.jvm.args (C1 only, serial GC): CPU the other processes of a 2-core machine need.
        String jvmArgs = System.getProperty("distributor.it.service-jvm-args", "").strip();
        if (!jvmArgs.isEmpty()) {
            command.addAll(List.of(jvmArgs.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        // Should the test JVM end without teardown (Ctrl-C, a failsafe timeout), the replica must not outlive it.
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, name + "-reaper"));
        awaitHealth(awaitedHealth);
    }

    private void awaitHealth(String path) {
        Instant deadline = Instant.now().plus(READY_DEADLINE);
        HttpRequest ready = HttpRequest.newBuilder(baseUrl().resolve(path))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited " + process.exitValue() + " while starting:\n" + tail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    note(path + " answered 200 at " + baseUrl());
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException(name + " was not ready within " + READY_DEADLINE + ":\n" + tail());
    }

    /**
     * The log's ERROR lines so far (every incarnation), for a test to show none was logged during its run. The jar runs
     * in the prod profile, whose lines are JSON (docs/TRACES-AND-LOGS.md); the readable format is matched too, for a
     * run with DISTRIBUTOR_LOG_JSON=false.
     */
    List<String> errorLines() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains(" ERROR [") || JSON_ERROR.matcher(line).find())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last 60 lines of the log, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private Process requireRunning() {
        if (!running()) {
            throw new IllegalStateException(name + " is not running");
        }
        return process;
    }

    private int waitFor(Process current) {
        try {
            if (!current.waitFor(60, TimeUnit.SECONDS)) {
                current.destroyForcibly();
                current.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(name + " did not exit within 60 s");
            }
            return current.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name + " to exit", e);
        }
    }

    /** A line of our own in the service's log, so it reads as one story across incarnations. */
    private void note(String what) {
        try {
            Files.writeString(log, "---- [it] " + Instant.now() + " " + name + ": " + what + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
