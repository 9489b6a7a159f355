package dev.distributor.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the console's browser tests ({@code node --test <target>} in {@code frontend/}: node:test with playwright-core
 * driving Debian's Chromium, frontend/e2e/README.md) as a child process, its output in
 * {@code target/it-logs/<logName>.log}, and fails with the log's tail when node fails or outlives its deadline.
 */
final class NodeTestRun {

    private NodeTestRun() {
    }

    /**
     * @param target a test file or folder, relative to {@code frontend/} ({@code e2e/} runs every {@code *.test.mjs})
     * @param environment what the tests read (CONSOLE_URL, ...)
     * @throws AssertionError when Chromium or playwright-core is missing, node exits non-zero or outlives
     *             {@code deadline}
     */
    static void run(String target, String logName, Map<String, String> environment, Duration deadline) {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            throw new AssertionError("/usr/bin/chromium is missing: apt-get install chromium (./bin/test does)");
        }
        Path frontend = Path.of("frontend").toAbsolutePath();
        if (!Files.isDirectory(frontend.resolve("node_modules/playwright-core"))) {
            throw new AssertionError(frontend + "/node_modules lacks playwright-core: run `npm ci` in frontend/ "
                    + "(./bin/test does, in its frontend stage)");
        }
        Path log = Path.of(System.getProperty("distributor.it.log-dir", "target/it-logs"), logName + ".log")
                .toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=spec", target)
                    .directory(frontend.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            long started = System.nanoTime();
            Process node = builder.start();
            boolean ended = node.waitFor(deadline.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                // Chromium is node's child: end it too, or it would outlive the test.
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly();
                node.waitFor(10, TimeUnit.SECONDS);
            }
            System.out.printf("node --test %s took %d ms; its output is in %s%n", target,
                    (System.nanoTime() - started) / 1_000_000, log);
            if (!ended) {
                throw new AssertionError("node --test " + target + " did not end within " + deadline + ":\n"
                        + tail(log));
            }
            if (node.exitValue() != 0) {
                throw new AssertionError("the browser tests failed (node --test " + target + " exited "
                        + node.exitValue() + "):\n" + tail(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run node --test " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while node --test " + target + " ran", e);
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
