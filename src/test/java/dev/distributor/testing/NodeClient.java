package dev.distributor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js side of the subscription tests: the npm packages of {@code src/test/node} (graphql-ws and ws, pinned by
 * its package-lock.json) installed with {@code npm ci} into {@code target/node-client} once per build, and scripts
 * taken verbatim from the docs.
 */
public final class NodeClient {

    private static final Path SOURCE = Path.of("src/test/node");
    private static final Path TARGET = Path.of("target/node-client");

    private NodeClient() {
    }

    /** Installs the packages (skipped when this build already did) and returns the folder to put scripts in. */
    public static synchronized Path install() throws Exception {
        Path lock = TARGET.resolve("package-lock.json");
        if (Files.isDirectory(TARGET.resolve("node_modules/graphql-ws"))
                && Files.exists(lock) && Files.mismatch(lock, SOURCE.resolve("package-lock.json")) == -1) {
            return TARGET;
        }
        Files.createDirectories(TARGET);
        for (String file : new String[]{"package.json", "package-lock.json"}) {
            Files.copy(SOURCE.resolve(file), TARGET.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(TARGET.toFile())
                .redirectErrorStream(true).start();
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci finished").isTrue();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.exitValue()).as("npm ci: " + output).isZero();
        return TARGET;
    }

    /** The ```js block after {@code <!-- docs-test: name -->} in docs/ROLLOUTS.md. */
    public static String scriptFromDocs(String name) throws Exception {
        String docs = Files.readString(Path.of("docs/ROLLOUTS.md"));
        int marker = docs.indexOf("<!-- docs-test: " + name + " -->");
        assertThat(marker).as("docs marker " + name).isNotNegative();
        int start = docs.indexOf("```js\n", marker) + "```js\n".length();
        return docs.substring(start, docs.indexOf("\n```", start)) + "\n";
    }
}
