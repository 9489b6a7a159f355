package dev.distributor.catalog.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated scripts for a plain executable, run for real in a sandbox root. The "executable" is a shell script:
 * {@code sh} reads a script while running it, so replacing the file in place under a running copy would change
 * what that copy runs next. The update test relies on exactly that to prove the replacement is a rename.
 */
class LinuxExecutableScriptsRunTest {

    private static final String PACKAGE = "hello-tool";
    private static final String FILE = "hello.sh";

    @TempDir
    Path temp;

    private ScriptSandbox sandbox;

    @BeforeEach
    void sandbox() throws IOException {
        sandbox = new ScriptSandbox(temp);
    }

    @Test
    void install_copiesTheProgramToOpt_andLinksItRelativelyFromUsrLocalBin() throws IOException {
        Path work = sandbox.unpack(plan(), program("1", "hello v1"));

        var install = sandbox.script(work, "install.sh");

        assertThat(install.exitCode()).as(install.output()).isZero();
        Path installed = sandbox.root().resolve("opt/" + PACKAGE + "/" + FILE);
        Path link = sandbox.root().resolve("usr/local/bin/hello");
        assertThat(installed).isRegularFile();
        assertThat(Files.getPosixFilePermissions(installed)).isEqualTo(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("../../../opt/" + PACKAGE + "/" + FILE));
        assertThat(link.toRealPath()).isEqualTo(installed.toRealPath());
        var run = sandbox.exec(temp, Map.of(), link.toString());
        assertThat(run.stdout()).isEqualTo("hello v1\n");
    }

    @Test
    void update_whileTheOldProgramRuns_replacesTheFileAtomically_andTheRunningCopyFinishesOnTheOldOne()
            throws Exception {
        Path work1 = sandbox.unpack(plan(), program("1", "hello v1"));
        Path work2 = sandbox.unpack(plan(), program("2", "hello v2"));
        assertThat(sandbox.script(work1, "install.sh").exitCode()).isZero();
        Path link = sandbox.root().resolve("usr/local/bin/hello");
        Path installed = sandbox.root().resolve("opt/" + PACKAGE + "/" + FILE);
        Object inodeBefore = Files.getAttribute(installed, "unix:ino");

        Process running = new ProcessBuilder(link.toString(), "wait").start();
        try (var out = new BufferedReader(new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8));
                OutputStream in = running.getOutputStream()) {
            // The first line arrives once the old program is running and holding its file open.
            assertThat(out.readLine()).isEqualTo("hello v1");

            var update = sandbox.script(work2, "update.sh");

            assertThat(update.exitCode()).as(update.output()).isZero();
            in.write('\n');
            in.flush();
            assertThat(out.readLine()).as("the running copy keeps reading its own file").isEqualTo("hello v1 done");
            assertThat(running.waitFor(ScriptSandbox.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(running.exitValue()).isZero();
        } finally {
            running.destroyForcibly();
        }
        assertThat(Files.getAttribute(installed, "unix:ino")).as("a new file renamed into place")
                .isNotEqualTo(inodeBefore);
        assertThat(sandbox.exec(temp, Map.of(), link.toString()).stdout()).isEqualTo("hello v2\n");
        try (var leftovers = Files.list(installed.getParent())) {
            assertThat(leftovers).as("no temporary file left behind").containsExactly(installed);
        }
    }

    @Test
    void uninstall_removesTheLinkAndTheOptFolder_andASecondUninstallSucceeds() throws IOException {
        Path work = sandbox.unpack(plan(), program("1", "hello v1"));
        assertThat(sandbox.script(work, "install.sh").exitCode()).isZero();

        var uninstall = sandbox.script(work, "uninstall.sh");

        assertThat(uninstall.exitCode()).as(uninstall.output()).isZero();
        assertThat(sandbox.root().resolve("usr/local/bin/hello")).doesNotExist();
        assertThat(Files.isSymbolicLink(sandbox.root().resolve("usr/local/bin/hello"))).isFalse();
        assertThat(sandbox.root().resolve("opt/" + PACKAGE)).doesNotExist();
        assertThat(sandbox.script(work, "uninstall.sh").exitCode()).isZero();
    }

    @Test
    void uninstall_leavesALinkThatAnotherPackageTookOver() throws IOException {
        Path work = sandbox.unpack(plan(), program("1", "hello v1"));
        assertThat(sandbox.script(work, "install.sh").exitCode()).isZero();
        Path link = sandbox.root().resolve("usr/local/bin/hello");
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("../../../opt/other/hello"));

        var uninstall = sandbox.script(work, "uninstall.sh");

        assertThat(uninstall.exitCode()).as(uninstall.output()).isZero();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("../../../opt/other/hello"));
        assertThat(sandbox.root().resolve("opt/" + PACKAGE)).doesNotExist();
    }

    @Test
    void install_refusesToReplaceARealFileWhereTheLinkGoes_andSaysSoOnStderr() throws IOException {
        Path work = sandbox.unpack(plan(), program("1", "hello v1"));
        Path existing = ScriptSandbox.write(sandbox.root().resolve("usr/local/bin/hello"), "someone else's");

        var install = sandbox.script(work, "install.sh");

        assertThat(install.exitCode()).isNotZero();
        assertThat(install.stderr()).contains("exists and is not a link; refusing to replace it");
        assertThat(existing).hasContent("someone else's");
    }

    private SimplePackagePlan plan() {
        return SimplePackagePlan.create(PACKAGE, "1.0", FILE, List.of(new PlatformEntry("_any", "_any")));
    }

    /**
     * Prints its greeting; given an argument, waits for a line on stdin and then prints "<greeting> done", so a test
     * can hold it running.
     */
    private Path program(String version, String greeting) throws IOException {
        return ScriptSandbox.write(temp.resolve("fixtures-" + version + "/" + FILE), """
                #!/bin/sh
                echo '%1$s'
                if [ "$#" -gt 0 ]; then
                  read -r _
                  echo '%1$s done'
                fi
                """.formatted(greeting));
    }
}
