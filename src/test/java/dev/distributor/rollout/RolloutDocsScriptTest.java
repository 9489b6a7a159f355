package dev.distributor.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;

import dev.distributor.simulator.Backoff;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.simulator.SimulatedFleetTestBase;
import dev.distributor.testing.Catalog;

/** The automation script of docs/ROLLOUTS.md, run verbatim against a simulated fleet, so the docs stay true. */
@QuarkusTest
class RolloutDocsScriptTest extends SimulatedFleetTestBase {

    private static final String MARKER = "<!-- docs-test: deploy-and-wait -->";

    @TempDir
    Path dir;

    @Test
    void theDeployAndWaitScript_createsPlansStartsAndWaits_andExitsZeroWhenTheRunSucceeded() throws Exception {
        String pkg = Catalog.createPackage("docs-script");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        var activation = service().activation(4, Map.of("fleet", pkg));
        fleet = simulator().activation(activation.id().toString(), activation.code()).agents(4)
                .hostnamePrefix(pkg + "-").pollWaitSeconds(2)
                .outcomes(OutcomeModel.alwaysSucceeds(Duration.ofMillis(50)))
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .build();
        fleet.start().get();
        Path script = dir.resolve("deploy-and-wait.sh");
        Files.writeString(script, scriptFromDocs());

        Process shellcheck = new ProcessBuilder("shellcheck", "-s", "sh", script.toString())
                .redirectErrorStream(true).start();
        assertThat(shellcheck.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(shellcheck.exitValue()).as(output(shellcheck)).isZero();

        String first = run(script, pkg);
        assertThat(first).contains("\"targetCount\":4", "\"waves\":[{\"size\":1},{\"size\":2},{\"size\":1}]")
                .contains("SUCCEEDED").contains("\"success\":4");
        for (SimulatedAgent agent : fleet.agents()) {
            assertThat(agent.installed()).containsEntry(pkg, "1.0.0");
        }
        // Run again with the same idempotency key: the same deployment and run come back, nothing runs twice.
        String again = run(script, pkg);
        assertThat(again).contains("SUCCEEDED");
        assertThat(rolloutId(again)).isEqualTo(rolloutId(first));
        assertThat(fleet.observations().errors()).isEmpty();
    }

    private String run(Path script, String pkg) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("SERVER", baseUrl.toString().replaceAll("/$", ""), "PKG", pkg,
                "SELECT", "fleet=" + pkg));
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("script finished").isTrue();
        String output = output(process);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static String rolloutId(String output) {
        int at = output.indexOf("rollout ");
        return output.substring(at + "rollout ".length(), output.indexOf(' ', at + "rollout ".length()));
    }

    private static String output(Process process) throws Exception {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String scriptFromDocs() throws Exception {
        String docs = Files.readString(Path.of("docs/ROLLOUTS.md"));
        int marker = docs.indexOf(MARKER);
        assertThat(marker).as("docs marker").isNotNegative();
        int start = docs.indexOf("```sh\n", marker) + "```sh\n".length();
        return docs.substring(start, docs.indexOf("\n```", start)) + "\n";
    }
}
