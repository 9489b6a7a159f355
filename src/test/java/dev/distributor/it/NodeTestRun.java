package dev.distributor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the console's browser tests ({@code frontend/e2e/*.mjs}, node:test with playwright-core driving
 * Debian's Chromium) as a child process, its output in {@code target/it-logs/<name>.log}, and fails with the log's
 * tail when it fails or outlives its deadline.
 */
final class NodeTestRun {

    private NodeTestRun() {
    }

    static void run(String script, Map<String, String> environment, Duration deadline) {
        assertThat(Path.of("/usr/bin/chromium")).as("Debian's chromium (./bin/test installs it)").exists();
        Path frontend = Path.of("frontend").toAbsolutePath();
        assertThat(frontend.resolve("node_modules/playwright-core")).as("npm ci in frontend/ (./bin/test runs it)")
                .exists();
        String name = Path.of(script).getFileName().toString().replace(".mjs", "");
        Path log = Path.of(System.getProperty("distributor.it.log-dir", "target/it-logs"), name + ".log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(List.of("node", "--test", "--test-reporter=spec", script))
                    .directory(frontend.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process node = builder.start();
            boolean ended = node.waitFor(deadline.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log);
            assertThat(ended).as("%s ended within %s; its output:%n%s", script, deadline, tail(output)).isTrue();
            assertThat(node.exitValue()).as("%s's exit status; its output:%n%s", script, tail(output)).isZero();
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + script + " ran", e);
        }
    }

    private static String tail(String output) {
        return output.length() <= 6000 ? output : output.substring(output.length() - 6000);
    }
}
