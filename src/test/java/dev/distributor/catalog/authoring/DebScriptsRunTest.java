package dev.distributor.catalog.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated dpkg scripts, run for real: dpkg {@code --root} installs into a sandbox directory, which is what
 * {@code DISTRIBUTOR_INSTALL_ROOT} maps to. The test packages have no maintainer scripts, because dpkg runs those
 * chrooted into the root, which would need a whole system inside the sandbox.
 */
class DebScriptsRunTest {

    private static final String PACKAGE = "hello-deb";
    private static final String DEB_PACKAGE = "distributor-hello";

    @TempDir
    Path temp;

    private ScriptSandbox sandbox;

    @BeforeEach
    void sandbox() throws IOException {
        sandbox = new ScriptSandbox(temp);
    }

    @Test
    void givenADeb_installUpdateAndUninstall_changeTheSandboxRootLikeDpkgDoesOnAHost() throws IOException {
        Path v1 = buildDeb("1.0", "hello from 1.0");
        Path v2 = buildDeb("2.0", "hello from 2.0");
        // What dpkg-deb builds passes Simple creation's signature check.
        InstallerSignature.verify(InstallerKind.DEB, v1, v1.getFileName().toString());
        Path work1 = sandbox.unpack(plan("1.0"), v1);
        Path work2 = sandbox.unpack(plan("2.0"), v2);
        Path hello = sandbox.root().resolve("usr/share/" + DEB_PACKAGE + "/hello.txt");
        Path program = sandbox.root().resolve("usr/bin/" + DEB_PACKAGE);

        var install = sandbox.script(work1, "install.sh");

        assertThat(install.exitCode()).as(install.output()).isZero();
        assertThat(install.stdout()).contains("Installing " + DEB_PACKAGE + "_1.0_all.deb into " + sandbox.root());
        assertThat(hello).hasContent("hello from 1.0");
        assertThat(program).isExecutable();
        assertThat(dpkgStatus()).contains("Status: install ok installed").contains("Version: 1.0");

        var update = sandbox.script(work2, "update.sh");

        assertThat(update.exitCode()).as(update.output()).isZero();
        assertThat(hello).hasContent("hello from 2.0");
        assertThat(dpkgStatus()).contains("Status: install ok installed").contains("Version: 2.0");

        var uninstall = sandbox.script(work2, "uninstall.sh");

        assertThat(uninstall.exitCode()).as(uninstall.output()).isZero();
        assertThat(uninstall.stdout()).contains("Removing " + DEB_PACKAGE);
        assertThat(hello).doesNotExist();
        assertThat(program).doesNotExist();
        assertThat(dpkgStatus()).doesNotContain("Status: install ok installed");
    }

    @Test
    void uninstallingTwice_succeeds_becauseARollbackMayRemoveWhatIsAlreadyGone() throws IOException {
        Path work = sandbox.unpack(plan("1.0"), buildDeb("1.0", "hello"));
        assertThat(sandbox.script(work, "install.sh").exitCode()).isZero();
        assertThat(sandbox.script(work, "uninstall.sh").exitCode()).isZero();

        var again = sandbox.script(work, "uninstall.sh");

        assertThat(again.exitCode()).as(again.output()).isZero();
    }

    @Test
    void aBrokenDeb_failsTheInstall_withDpkgsExitCodeAndAMessageOnStderr() throws IOException {
        Path broken = ScriptSandbox.write(temp.resolve("fixtures/" + DEB_PACKAGE + "_1.0_all.deb"), "not a deb");
        Path work = sandbox.unpack(plan("1.0"), broken);

        var install = sandbox.script(work, "install.sh");

        assertThat(install.exitCode()).isNotZero();
        assertThat(install.stderr()).contains("dpkg --install " + DEB_PACKAGE + "_1.0_all.deb: failed with exit code "
                + install.exitCode());
    }

    @Test
    void dpkgExitCode194_passesThroughUnchanged_asRebootRequired() throws IOException {
        // dpkg itself never asks for a reboot, so a stand-in dpkg first on the PATH proves the pass-through.
        Path stubs = Files.createDirectories(temp.resolve("stubs"));
        Path dpkg = ScriptSandbox.write(stubs.resolve("dpkg"), "#!/bin/sh\necho \"stub dpkg $*\"\nexit 194\n");
        Files.setPosixFilePermissions(dpkg, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path work = sandbox.unpack(plan("1.0"), buildDeb("1.0", "hello"));

        var install = sandbox.script(work, "install.sh",
                Map.of("PATH", stubs + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));

        assertThat(install.exitCode()).as(install.output()).isEqualTo(194);
        assertThat(install.stdout()).contains("stub dpkg --root=" + sandbox.root() + " --install ./")
                .contains("reboot required (exit code 194)");
    }

    @Test
    void withoutAnInstallRoot_theScriptTargetsTheRunningSystem_withPlainDpkg() throws IOException {
        // Observed through a stand-in dpkg: a real one would install into this machine.
        Path stubs = Files.createDirectories(temp.resolve("stubs"));
        Path dpkg = ScriptSandbox.write(stubs.resolve("dpkg"), "#!/bin/sh\necho \"stub dpkg $*\"\n");
        Files.setPosixFilePermissions(dpkg, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path work = sandbox.unpack(plan("1.0"), buildDeb("1.0", "hello"));
        String path = stubs + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");

        var install = sandbox.script(work, "install.sh", Map.of("PATH", path, "DISTRIBUTOR_INSTALL_ROOT", ""));
        var uninstall = sandbox.script(work, "uninstall.sh", Map.of("PATH", path, "DISTRIBUTOR_INSTALL_ROOT", "/"));

        assertThat(install.exitCode()).as(install.output()).isZero();
        assertThat(install.stdout()).contains("stub dpkg --install ./" + DEB_PACKAGE + "_1.0_all.deb");
        assertThat(uninstall.stdout()).contains("stub dpkg --remove " + DEB_PACKAGE);
        assertThat(sandbox.root().resolve("var")).doesNotExist();
    }

    @Test
    void aRelativeInstallRoot_isRefused_beforeAnythingRuns() throws IOException {
        Path work = sandbox.unpack(plan("1.0"), buildDeb("1.0", "hello"));

        var install = sandbox.script(work, "install.sh", Map.of("DISTRIBUTOR_INSTALL_ROOT", "relative/root"));

        assertThat(install.exitCode()).isEqualTo(2);
        assertThat(install.stderr()).contains("DISTRIBUTOR_INSTALL_ROOT must be an absolute path");
        assertThat(work.resolve("relative")).doesNotExist();
    }

    private SimplePackagePlan plan(String version) {
        return SimplePackagePlan.create(PACKAGE, version, DEB_PACKAGE + "_" + version + "_all.deb",
                List.of(new PlatformEntry("ubuntu", "x86_64"), new PlatformEntry("debian", "x86_64")));
    }

    private String dpkgStatus() throws IOException {
        return Files.readString(sandbox.root().resolve("var/lib/dpkg/status"));
    }

    /** A tiny architecture-independent .deb installing a text file and a program, built with dpkg-deb. */
    private Path buildDeb(String version, String greeting) throws IOException {
        Path tree = temp.resolve("fixtures/tree-" + version);
        ScriptSandbox.write(tree.resolve("DEBIAN/control"), """
                Package: %s
                Version: %s
                Architecture: all
                Maintainer: Distributor Tests <tests@distributor.local>
                Description: a package for the generated-script tests
                """.formatted(DEB_PACKAGE, version));
        ScriptSandbox.write(tree.resolve("usr/share/" + DEB_PACKAGE + "/hello.txt"), greeting);
        Path program = ScriptSandbox.write(tree.resolve("usr/bin/" + DEB_PACKAGE),
                "#!/bin/sh\necho '" + greeting + "'\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path deb = temp.resolve("fixtures/" + DEB_PACKAGE + "_" + version + "_all.deb");
        sandbox.mustRun(temp, "dpkg-deb", "--root-owner-group", "--build", tree.toString(), deb.toString());
        return deb;
    }
}
