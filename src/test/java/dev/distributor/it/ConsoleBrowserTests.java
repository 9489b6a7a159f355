package dev.distributor.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the browser tests, {@code node --test e2e/} in {@code frontend/} (Playwright driving Debian's Chromium, see
 * frontend/e2e/README.md), against a running console. Node's output goes to {@code target/it-logs/console-e2e-browser.log}
 * and, when it fails, into the assertion's message as well.
 */
final class ConsoleBrowserTests {

    /** The full flow at its slowest on CI's 2 cores takes about 2 minutes; beyond this it hangs. */
    private static final Duration DEADLINE = Duration.ofMinutes(8);

    private ConsoleBrowserTests() {
    }

    /**
     * @param scope {@code full} (the whole journey) or {@code smoke} (the shell, navigation and a restart only)
     * @throws AssertionError when node exits non-zero or outlives {@link #DEADLINE}
     */
    static void run(URI console, URI control, Path screenshots, String scope) throws IOException, InterruptedException {
        Path frontend = Path.of("frontend").toAbsolutePath();
        if (!Files.isDirectory(frontend.resolve("node_modules/playwright-core"))) {
            throw new AssertionError(frontend + "/node_modules lacks playwright-core: run `npm ci` in frontend/ "
                    + "(./bin/test does, in its frontend stage)");
        }
        Path logs = Path.of(System.getProperty("distributor.it.log-dir", "target/it-logs"));
        Files.createDirectories(logs);
        Files.createDirectories(screenshots);
        Path log = logs.resolve("console-e2e-browser.log").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=spec", "e2e/")
                .directory(frontend.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(Map.of(
                "CONSOLE_URL", console.toString(),
                "CONTROL_URL", control.toString(),
                "SCREENSHOT_DIR", screenshots.toAbsolutePath().toString(),
                "E2E_SCOPE", scope));
        long started = System.nanoTime();
        Process node = builder.start();
        boolean ended = node.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            // Chromium is node's child: end it too, or it would outlive the test.
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
            node.waitFor(10, TimeUnit.SECONDS);
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("ConsoleE2EIT: node --test e2e/ (%s) took %d ms; its output is in %s%n", scope, tookMs, log);
        if (!ended) {
            throw new AssertionError("the browser tests did not end within " + DEADLINE + ":\n" + tail(log));
        }
        if (node.exitValue() != 0) {
            throw new AssertionError("the browser tests failed (node exited " + node.exitValue() + "):\n" + tail(log));
        }
    }

    /** The last 200 lines of the log: node's spec reporter puts the failures' details at the end. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 200), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
