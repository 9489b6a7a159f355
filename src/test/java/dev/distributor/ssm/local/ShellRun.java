package dev.distributor.ssm.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of an AWS-RunShellScript invocation on a sandbox: {@code /bin/sh -c <commands joined by newlines>} with a
 * clean environment, its output captured to files (so a killed process tree cannot leave a reader hanging on an open
 * pipe), bounded by the execution deadline.
 */
final class ShellRun {

    /** SSM keeps the first 24,000 characters of standard output in GetCommandInvocation (AWS API reference). */
    static final int STDOUT_LIMIT = 24_000;
    /** ... and the first 8,000 of standard error. */
    static final int STDERR_LIMIT = 8_000;

    /** How a run ended. */
    enum End {
        EXITED, TIMED_OUT, CANCELLED
    }

    record Result(End end, int exitCode, String stdout, String stderr) {
    }

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private volatile boolean cancelled;

    private ShellRun(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts the commands in {@code workDir}; output goes to {@code outputDir}/{@code <run>}.out|.err. */
    static ShellRun start(ManagedInstance instance, String script, Path workDir, Path outputDir, int run,
            String region) {
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(outputDir);
            Path out = outputDir.resolve(run + ".out");
            Path err = outputDir.resolve(run + ".err");
            ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", script))
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            Map<String, String> env = builder.environment();
            String path = env.getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            env.clear();
            env.put("PATH", path);
            env.put("HOME", instance.sandbox().resolve("home").toString());
            env.put("AWS_SSM_INSTANCE_ID", instance.instanceId());
            env.put("AWS_SSM_REGION_NAME", region);
            env.put("DISTRIBUTOR_AGENT_STATE_DIR", instance.sandbox().resolve("state").toString());
            env.put("DISTRIBUTOR_AGENT_INSTALL_ROOT", instance.sandbox().resolve("root").toString());
            return new ShellRun(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the commands", e);
        }
    }

    /** Waits for the end, at most until {@code deadline}; past it, the whole process tree is killed. */
    Result await(Instant deadline) throws InterruptedException {
        long millis = Math.max(0, deadline.toEpochMilli() - System.currentTimeMillis());
        boolean exited = process.waitFor(millis, TimeUnit.MILLISECONDS);
        End end;
        if (cancelled) {
            end = End.CANCELLED;
        } else if (exited) {
            end = End.EXITED;
        } else {
            killTree();
            end = cancelled ? End.CANCELLED : End.TIMED_OUT;
        }
        process.waitFor();
        return new Result(end, end == End.EXITED ? process.exitValue() : -1, head(stdout, STDOUT_LIMIT),
                head(stderr, STDERR_LIMIT));
    }

    /** CancelCommand on a running invocation: the agent kills what it started. */
    void cancel() {
        cancelled = true;
        killTree();
    }

    /**
     * Kills the shell and everything it started. The descendants are listed before the shell dies (its orphans would
     * be re-parented and no longer be its descendants).
     */
    private void killTree() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private static String head(Path file, int chars) {
        try (InputStream in = Files.newInputStream(file)) {
            // UTF-8 has at most 4 bytes a character: this many bytes hold the first `chars` characters.
            String text = new String(in.readNBytes(chars * 4), StandardCharsets.UTF_8);
            return text.length() > chars ? text.substring(0, chars) : text;
        } catch (IOException e) {
            return "";
        }
    }
}
