package dev.distributor.catalog.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated rpm scripts, run for real: {@code rpm --root} installs into a sandbox directory. Needs {@code rpm}
 * and {@code rpmbuild} (on Debian: {@code apt-get install rpm}); without them the tests are skipped, saying why.
 * The test package has no scriptlets and no automatic dependencies, so nothing inside the sandbox has to run.
 */
class RpmScriptsRunTest {

    private static final String PACKAGE = "hello-rpm";
    private static final String RPM_PACKAGE = "distributor-hello";

    @TempDir
    Path temp;

    private ScriptSandbox sandbox;

    @BeforeEach
    void requireRpm() throws IOException {
        Assumptions.assumeTrue(ScriptSandbox.onPath("rpm") && ScriptSandbox.onPath("rpmbuild"),
                "rpm and rpmbuild are not installed here (apt-get install rpm), so the generated rpm scripts"
                        + " cannot run; shellcheck and the plan tests still cover them");
        sandbox = new ScriptSandbox(temp);
    }

    @Test
    void givenAnRpm_installUpdateAndUninstall_changeTheSandboxRootLikeRpmDoesOnAHost() throws IOException {
        Path v1 = buildRpm("1.0", "hello from 1.0");
        Path v2 = buildRpm("2.0", "hello from 2.0");
        // What rpmbuild builds passes Simple creation's signature check.
        InstallerSignature.verify(InstallerKind.RPM, v1, v1.getFileName().toString());
        Path work1 = sandbox.unpack(plan(v1), v1);
        Path work2 = sandbox.unpack(plan(v2), v2);
        Path hello = sandbox.root().resolve("usr/share/" + RPM_PACKAGE + "/hello.txt");

        var install = sandbox.script(work1, "install.sh");

        assertThat(install.exitCode()).as(install.output()).isZero();
        assertThat(hello).hasContent("hello from 1.0");
        assertThat(installedVersion()).isEqualTo(RPM_PACKAGE + "-1.0-1.noarch");

        var reinstall = sandbox.script(work1, "install.sh");

        assertThat(reinstall.exitCode()).as("--replacepkgs makes a repeated install succeed\n" + reinstall.output())
                .isZero();

        var update = sandbox.script(work2, "update.sh");

        assertThat(update.exitCode()).as(update.output()).isZero();
        assertThat(hello).hasContent("hello from 2.0");
        assertThat(installedVersion()).isEqualTo(RPM_PACKAGE + "-2.0-1.noarch");

        var uninstall = sandbox.script(work2, "uninstall.sh");

        assertThat(uninstall.exitCode()).as(uninstall.output()).isZero();
        assertThat(uninstall.stdout()).contains("rpm -e " + RPM_PACKAGE);
        assertThat(hello).doesNotExist();
        assertThat(installedVersion()).contains("not installed");

        var again = sandbox.script(work2, "uninstall.sh");

        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.stdout()).contains("is not installed");
    }

    @Test
    void rpmExitCode194_passesThroughUnchanged_asRebootRequired() throws IOException {
        Path stubs = Files.createDirectories(temp.resolve("stubs"));
        Path rpm = ScriptSandbox.write(stubs.resolve("rpm"), "#!/bin/sh\necho \"stub rpm $*\"\n"
                + "case \"$*\" in *-U*) exit 194 ;; esac\n");
        rpm.toFile().setExecutable(true);
        Path v1 = buildRpm("1.0", "hello");
        Path work = sandbox.unpack(plan(v1), v1);

        var install = sandbox.script(work, "install.sh",
                Map.of("PATH", stubs + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));

        assertThat(install.exitCode()).as(install.output()).isEqualTo(194);
        assertThat(install.stdout()).contains("stub rpm --root " + sandbox.root() + " -U --replacepkgs ./")
                .contains("reboot required (exit code 194)");
    }

    private SimplePackagePlan plan(Path rpm) {
        return SimplePackagePlan.create(PACKAGE, "1.0", rpm.getFileName().toString(),
                List.of(new PlatformEntry("amazon", "2", "x86_64"), new PlatformEntry("redhat", "9", "x86_64")));
    }

    private String installedVersion() throws IOException {
        return sandbox.exec(temp, Map.of(), "rpm", "--root", sandbox.root().toString(), "-q", RPM_PACKAGE)
                .stdout()
                .strip();
    }

    /** A tiny noarch rpm installing one text file, built with rpmbuild from a spec written here. */
    private Path buildRpm(String version, String greeting) throws IOException {
        Path top = temp.resolve("rpmbuild-" + version);
        Path spec = ScriptSandbox.write(top.resolve("SPECS/hello.spec"), """
                Name: %1$s
                Version: %2$s
                Release: 1
                Summary: a package for the generated-script tests
                License: MIT
                BuildArch: noarch
                AutoReqProv: no
                %%description
                A package for the generated-script tests.
                %%install
                mkdir -p %%{buildroot}/usr/share/%1$s
                printf '%%s' '%3$s' > %%{buildroot}/usr/share/%1$s/hello.txt
                %%files
                /usr/share/%1$s/hello.txt
                """.formatted(RPM_PACKAGE, version, greeting));
        sandbox.mustRun(temp, "rpmbuild", "--define", "_topdir " + top, "-bb", spec.toString());
        try (Stream<Path> built = Files.walk(top.resolve("RPMS"))) {
            return built.filter(path -> path.toString().endsWith(".rpm")).findFirst().orElseThrow();
        }
    }
}
