package dev.distributor.catalog.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

class ScriptGeneratorTest {

    /** One sample installer per kind; the names use every character a checked name may hold. */
    static final Map<InstallerKind, String> SAMPLES = Map.of(
            InstallerKind.DEB, "demo-app_1.2.0_amd64.deb",
            InstallerKind.RPM, "demo-app-1.2.0-1.x86_64.rpm",
            InstallerKind.TARBALL, "demo-app-1.2.0.tar.gz",
            InstallerKind.LINUX_EXECUTABLE, "demo-app.AppImage",
            InstallerKind.MSI, "demo-app-1.2.0.msi",
            InstallerKind.WINDOWS_EXECUTABLE, "demo-app.exe");

    @TempDir
    Path temp;

    @ParameterizedTest
    @CsvSource({
            "DEB, install.sh, uninstall.sh, update.sh",
            "RPM, install.sh, uninstall.sh, update.sh",
            "TARBALL, install.sh, uninstall.sh, update.sh",
            "LINUX_EXECUTABLE, install.sh, uninstall.sh, update.sh",
            "MSI, install.ps1, uninstall.ps1, update.ps1",
            "WINDOWS_EXECUTABLE, install.ps1, uninstall.ps1, update.ps1"})
    void everyKind_getsInstallUninstallAndUpdate_inTheLanguageOfItsPlatform(InstallerKind kind, String install,
            String uninstall, String update) {
        List<GeneratedScript> scripts = ScriptGenerator.scriptsFor(kind, "demo-app", SAMPLES.get(kind));

        assertThat(scripts).extracting(GeneratedScript::name).containsExactly(install, uninstall, update);
        assertThat(scripts).allSatisfy(script -> {
            assertThat(script.content()).as(script.name()).doesNotContain("{{").doesNotContain("}}")
                    .contains("demo-app").doesNotContain("\r");
            if (!kind.windows()) {
                assertThat(script.content()).startsWith("#!/bin/sh\n").contains("\nset -eu\n")
                        .contains("DISTRIBUTOR_INSTALL_ROOT");
            }
        });
    }

    @Test
    void everyGeneratedShellScript_passesShellcheckAsPosixSh_withNoFindingsAtAll() throws Exception {
        List<String> findings = new ArrayList<>();
        for (InstallerKind kind : InstallerKind.values()) {
            if (kind.windows()) {
                continue;
            }
            for (GeneratedScript script : ScriptGenerator.scriptsFor(kind, "demo-app", SAMPLES.get(kind))) {
                Path file = Files.writeString(temp.resolve(kind + "-" + script.name()), script.content());
                Process shellcheck = startShellcheck(file);
                String output = new String(shellcheck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(shellcheck.waitFor(ScriptSandbox.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
                if (shellcheck.exitValue() != 0 || !output.isBlank()) {
                    findings.add(kind + " " + script.name() + " (exit " + shellcheck.exitValue() + "):\n" + output);
                }
            }
        }
        assertThat(findings).as(String.join("\n", findings)).isEmpty();
    }

    @Test
    void theScriptsGoWithTheirKind_soAMismatchedFileNameIsAProgrammingError() {
        assertThatThrownBy(() -> ScriptGenerator.scriptsFor(InstallerKind.RPM, "demo-app", "demo.deb"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DEB");
    }

    @Test
    void namesAreCheckedAgain_becauseTheyAreWrittenIntoScripts() {
        assertThatThrownBy(() -> ScriptGenerator.scriptsFor(InstallerKind.DEB, "demo'app", "demo.deb"))
                .isInstanceOfSatisfying(DistributorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
        assertThatThrownBy(() -> ScriptGenerator.scriptsFor(InstallerKind.DEB, "demo-app", "$(reboot).deb"))
                .isInstanceOfSatisfying(DistributorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
    }

    @Test
    void aPlainExecutable_isLinkedUnderItsNameWithoutTheExtension() {
        String install = ScriptGenerator.scriptsFor(InstallerKind.LINUX_EXECUTABLE, "demo-app", "demo-cli.run")
                .get(0)
                .content();

        assertThat(install).contains("cmd_name='demo-cli'\n").contains("file='demo-cli.run'\n");
    }

    private static Process startShellcheck(Path file) throws IOException {
        try {
            return new ProcessBuilder("shellcheck", "-s", "sh", "--severity=style", file.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return fail("shellcheck must be installed to check the generated scripts (apt-get install shellcheck): "
                    + e.getMessage());
        }
    }
}
