package dev.distributor.catalog.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs generated scripts the way an agent does (DESIGN.md §4/§5): the zip unpacked with {@code unzip} into a fresh
 * work directory, each script run there with {@code sh} and a clean environment, installing into a sandbox root
 * through {@code DISTRIBUTOR_INSTALL_ROOT}. Everything lives under one JUnit temporary directory.
 */
final class ScriptSandbox {

    static final long TIMEOUT_SECONDS = 120;

    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private final Path base;
    private final Path root;
    private final Path home;
    private int runs;

    ScriptSandbox(Path base) throws IOException {
        this.base = base;
        this.root = Files.createDirectories(base.resolve("root"));
        this.home = Files.createDirectories(base.resolve("home"));
    }

    /** The directory standing in for {@code /}. */
    Path root() {
        return root;
    }

    Path base() {
        return base;
    }

    /** Writes the plan's single zip, unpacks it with the real {@code unzip} and returns the work directory. */
    Path unpack(SimplePackagePlan plan, Path installer) throws IOException {
        SimplePackagePlan.PlannedZip planned = plan.zips().get(0);
        Path dir = Files.createDirectories(base.resolve("work-" + (++runs)));
        Path zip = dir.resolve(planned.fileName());
        try (OutputStream out = Files.newOutputStream(zip)) {
            planned.write(installer, out);
        }
        Path work = Files.createDirectories(dir.resolve("package"));
        Result unzip = exec(dir, Map.of(), "unzip", "-q", zip.toString(), "-d", work.toString());
        assertThat(unzip.exitCode()).as(unzip.output()).isZero();
        return work;
    }

    /** Runs {@code sh <script>} in the work directory, installing into the sandbox root. */
    Result script(Path work, String script) throws IOException {
        return script(work, script, Map.of());
    }

    Result script(Path work, String script, Map<String, String> extraEnvironment) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>(extraEnvironment);
        environment.putIfAbsent("DISTRIBUTOR_INSTALL_ROOT", root.toString());
        return exec(work, environment, "sh", script);
    }

    /** A script started in the background (see {@link #start}). */
    record Running(Process process, Path stdout, Path stderr) {
        /** What the script has printed to stdout so far. */
        String stdoutSoFar() throws IOException {
            return Files.readString(stdout, StandardCharsets.UTF_8);
        }

        /** Waits for the script to end (at most {@link #TIMEOUT_SECONDS}) and answers its result. */
        Result finish() throws IOException {
            try {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("the script did not finish within " + TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                fail("interrupted while waiting for a script");
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        }
    }

    /** Starts {@code sh <script>} in the work directory like {@link #script}, without waiting for it. */
    Running start(Path work, String script, Map<String, String> extraEnvironment) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>(extraEnvironment);
        environment.putIfAbsent("DISTRIBUTOR_INSTALL_ROOT", root.toString());
        Path stdout = Files.createTempFile(base, "stdout", ".txt");
        Path stderr = Files.createTempFile(base, "stderr", ".txt");
        return new Running(builder(work, environment, stdout, stderr, "sh", script).start(), stdout, stderr);
    }

    /** Runs a command to completion in a clean environment (PATH, HOME inside the sandbox, LANG=C). */
    Result exec(Path directory, Map<String, String> environment, String... command) throws IOException {
        Path stdout = Files.createTempFile(base, "stdout", ".txt");
        Path stderr = Files.createTempFile(base, "stderr", ".txt");
        Process process = builder(directory, environment, stdout, stderr, command).start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            fail("interrupted while running " + String.join(" ", command));
        }
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private ProcessBuilder builder(Path directory, Map<String, String> environment, Path stdout, Path stderr,
            String... command) {
        ProcessBuilder builder = new ProcessBuilder(List.of(command))
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", home.toString());
        env.put("LANG", "C");
        env.putAll(environment);
        return builder;
    }

    /** Runs a fixture-building command and fails the test when it fails. */
    Result mustRun(Path directory, String... command) throws IOException {
        Result result = exec(directory, Map.of(), command);
        assertThat(result.exitCode()).as(String.join(" ", command) + "\n" + result.output()).isZero();
        return result;
    }

    /** Whether a program is on the PATH the scripts see. */
    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Writes a file, creating its parents. */
    static Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
