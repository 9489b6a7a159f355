package dev.distributor.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.distributor.common.TempFiles;
import dev.distributor.testing.Catalog;

/** Runs the README's curl session against the service, so the documented commands and answers stay true. */
@QuarkusTest
class RestReadmeExamplesTest {

    private static final String MARKER = "<!-- readme-test: rest-api";

    @TestHTTPResource("/")
    String server;

    @Test
    void theReadmeCurlSession_createsExportsImportsAndShowsARefusal() throws Exception {
        String script = shellBlockAfterMarker(Files.readString(Path.of("README.md")));
        String pkg = Catalog.uniqueName("readme");
        Path dir = Files.createTempDirectory("distributor-readme-");
        try {
            Files.writeString(dir.resolve("session.sh"), script);
            var process = new ProcessBuilder("bash", "-euo", "pipefail", "session.sh")
                    .directory(dir.toFile())
                    .redirectErrorStream(true);
            process.environment().put("SERVER", server.replaceAll("/$", ""));
            process.environment().put("PKG", pkg);
            Process running = process.start();
            assertThat(running.waitFor(120, TimeUnit.SECONDS)).as("session finished").isTrue();
            String output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(running.exitValue()).as(output).isZero();
            assertThat(output)
                    .contains("{\"packageName\":\"" + pkg + "\",\"version\":\"1.0.0\",\"state\":\"PUBLISHED\"")
                    .contains("manifest.json\nhello-linux.zip\n")
                    .contains("{\"packageName\":\"" + pkg + "-copy\",\"version\":\"1.0.0\",\"state\":\"DRAFT\"")
                    .contains("{\"code\":\"CHECKSUM_MISMATCH\"")
                    .contains("\"jsonPath\":\"$.files['hello-linux.zip']\"")
                    .contains("HTTP 400");
            assertThat(dir.resolve(pkg + "-1.0.0.zip")).exists();
        } finally {
            TempFiles.deleteTree(dir);
        }
    }

    private static String shellBlockAfterMarker(String readme) throws IOException {
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README marker").isNotNegative();
        int start = readme.indexOf("```sh\n", marker) + "```sh\n".length();
        int end = readme.indexOf("\n```", start);
        return readme.substring(start, end) + "\n";
    }
}
