package dev.distributor.catalog.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A held package lock is a wait, not a failure (issue 15, case 4). The generated dpkg and rpm scripts run for real
 * while another process (this JVM, through {@link FileChannel#lock()}, an fcntl lock as dpkg and rpm take them) holds
 * the package manager's lock of the sandbox root ({@code DISTRIBUTOR_INSTALL_ROOT}: dpkg {@code --root} and rpm
 * {@code --root} use the locks under that root, so this machine's own package database is never touched). They say
 * they wait, go on once the lock is released, and exit {@value ScriptGenerator#LOCK_WAIT_EXIT_CODE} when it stays held
 * for {@code SSM_LOCK_WAIT_SECONDS} (the documented bound, a few seconds here). dpkg is the real one; rpm, missing
 * on most build machines, is a stand-in on the PATH that records its calls, since the rpm script reads the lock's
 * holder from /proc/locks before it starts rpm at all.
 */
class PackageLockWaitTest {

    private static final String DEB_PACKAGE = "distributor-locked";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private ScriptSandbox sandbox;

    @BeforeEach
    void sandbox() throws IOException {
        sandbox = new ScriptSandbox(temp);
    }

    @Test
    void dpkgInstall_waitsWhileAnotherProcessHoldsTheFrontendLock_andInstallsOnceItIsReleased() throws Exception {
        Path work = sandbox.unpack(debPlan(), buildDeb());
        Path hello = sandbox.root().resolve("usr/share/" + DEB_PACKAGE + "/hello.txt");

        ScriptSandbox.Running install;
        try (FileChannel channel = lockFile(sandbox.root().resolve("var/lib/dpkg/lock-frontend"));
                FileLock held = channel.lock()) {
            install = sandbox.start(work, "install.sh", Map.of("SSM_LOCK_WAIT_SECONDS", "60"));

            await().atMost(PATIENCE).until(() -> install.stdoutSoFar().contains(
                    "Waiting up to 60 s for the dpkg lock: dpkg: error: dpkg frontend lock was locked by another "
                            + "process with pid " + ProcessHandle.current().pid()));
            assertThat(install.process().isAlive()).isTrue();
            assertThat(hello).doesNotExist();
        }
        var result = install.finish();

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout()).contains("The dpkg lock was released after");
        assertThat(hello).hasContent("hello");
    }

    @Test
    void dpkgUninstall_givesUpWithExitCode75_whenTheLockStaysHeldPastTheBound() throws Exception {
        Path work = sandbox.unpack(debPlan(), buildDeb());
        assertThat(sandbox.script(work, "install.sh").exitCode()).isZero();
        Path hello = sandbox.root().resolve("usr/share/" + DEB_PACKAGE + "/hello.txt");

        ScriptSandbox.Result uninstall;
        Instant started = Instant.now();
        try (FileChannel channel = lockFile(sandbox.root().resolve("var/lib/dpkg/lock"));
                FileLock held = channel.lock()) {
            uninstall = sandbox.start(work, "uninstall.sh", Map.of("SSM_LOCK_WAIT_SECONDS", "2")).finish();
        }

        assertThat(uninstall.exitCode()).as(uninstall.output()).isEqualTo(ScriptGenerator.LOCK_WAIT_EXIT_CODE);
        assertThat(uninstall.stdout()).contains("Waiting up to 2 s for the dpkg lock");
        assertThat(uninstall.stderr()).contains("Gave up waiting for the dpkg lock after 2 s: another process still "
                + "holds it (exit code 75, try again later)");
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
        assertThat(hello).as("nothing was removed").hasContent("hello");
    }

    @Test
    void rpmInstall_waitsForTheRpmDatabaseLock_andRunsRpmOnlyOnceItIsReleased() throws Exception {
        Path calls = temp.resolve("rpm-calls.log");
        Path work = sandbox.unpack(rpmPlan(), fakeRpmFile());
        Path lock = sandbox.root().resolve("var/lib/rpm/.rpm.lock");

        ScriptSandbox.Running install;
        try (FileChannel channel = lockFile(lock); FileLock held = channel.lock()) {
            install = sandbox.start(work, "install.sh", rpmEnvironment(calls, "60"));

            await().atMost(PATIENCE).until(() -> install.stdoutSoFar().contains("Waiting up to 60 s for the rpm "
                    + "database lock " + lock + ", held by process " + ProcessHandle.current().pid()));
            assertThat(install.process().isAlive()).isTrue();
            assertThat(readIfAny(calls)).doesNotContain(" -U ");
        }
        var result = install.finish();

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout()).contains("The rpm database lock was released after");
        assertThat(readIfAny(calls)).contains("-U --replacepkgs ./distributor-locked-1.0-1.noarch.rpm");
    }

    @Test
    void rpmUninstall_givesUpWithExitCode75_whenTheLockStaysHeldPastTheBound() throws Exception {
        Path calls = temp.resolve("rpm-calls.log");
        Path work = sandbox.unpack(rpmPlan(), fakeRpmFile());

        ScriptSandbox.Result uninstall;
        try (FileChannel channel = lockFile(sandbox.root().resolve("var/lib/rpm/.rpm.lock"));
                FileLock held = channel.lock()) {
            uninstall = sandbox.start(work, "uninstall.sh", rpmEnvironment(calls, "2")).finish();
        }

        assertThat(uninstall.exitCode()).as(uninstall.output()).isEqualTo(ScriptGenerator.LOCK_WAIT_EXIT_CODE);
        assertThat(uninstall.stderr()).contains("after 2 s: process " + ProcessHandle.current().pid()
                + " still holds it (exit code 75, try again later)");
        assertThat(readIfAny(calls)).doesNotContain(" -e ");
    }

    /** Opens (creating it and its folders) a lock file for writing. */
    private static FileChannel lockFile(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private SimplePackagePlan debPlan() {
        return SimplePackagePlan.create("locked-deb", "1.0", DEB_PACKAGE + "_1.0_all.deb",
                List.of(new PlatformEntry("ubuntu", "x86_64")));
    }

    private SimplePackagePlan rpmPlan() {
        return SimplePackagePlan.create("locked-rpm", "1.0", DEB_PACKAGE + "-1.0-1.noarch.rpm",
                List.of(new PlatformEntry("redhat", "x86_64")));
    }

    /** A stand-in rpm first on the PATH: answers the queries the scripts make and records every call. */
    private Map<String, String> rpmEnvironment(Path calls, String lockWaitSeconds) throws IOException {
        Path stubs = Files.createDirectories(temp.resolve("stubs"));
        Path rpm = ScriptSandbox.write(stubs.resolve("rpm"), """
                #!/bin/sh
                echo "rpm $*" >> '%s'
                case "$*" in
                  *--eval*) echo /var/lib/rpm ;;
                  *-qp*) printf '%%s' '%s' ;;
                  *) echo "stub rpm $*" ;;
                esac
                """.formatted(calls, DEB_PACKAGE));
        Files.setPosixFilePermissions(rpm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Map.of("PATH", stubs + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "SSM_LOCK_WAIT_SECONDS", lockWaitSeconds);
    }

    /** Bytes the stand-in rpm never reads; the plan only needs a file of that name. */
    private Path fakeRpmFile() throws IOException {
        return ScriptSandbox.write(temp.resolve("fixtures/" + DEB_PACKAGE + "-1.0-1.noarch.rpm"), "not read");
    }

    /** A tiny architecture-independent .deb installing one text file, built with dpkg-deb. */
    private Path buildDeb() throws IOException {
        Path tree = temp.resolve("fixtures/tree");
        ScriptSandbox.write(tree.resolve("DEBIAN/control"), """
                Package: %s
                Version: 1.0
                Architecture: all
                Maintainer: Distributor Tests <tests@distributor.local>
                Description: a package for the lock wait tests
                """.formatted(DEB_PACKAGE));
        ScriptSandbox.write(tree.resolve("usr/share/" + DEB_PACKAGE + "/hello.txt"), "hello");
        Path deb = temp.resolve("fixtures/" + DEB_PACKAGE + "_1.0_all.deb");
        sandbox.mustRun(temp, "dpkg-deb", "--root-owner-group", "--build", tree.toString(), deb.toString());
        return deb;
    }

    /** A file's text, "" while it does not exist. */
    private static String readIfAny(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
