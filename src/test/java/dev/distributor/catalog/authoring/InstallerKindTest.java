package dev.distributor.catalog.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

class InstallerKindTest {

    @ParameterizedTest
    @CsvSource({
            "app_1.0_amd64.deb, DEB",
            "APP.DEB, DEB",
            "app-1.0-1.x86_64.rpm, RPM",
            "Setup.msi, MSI",
            "app-1.0.tar.gz, TARBALL",
            "app-1.0.tgz, TARBALL",
            "app, LINUX_EXECUTABLE",
            "app.bin, LINUX_EXECUTABLE",
            "app.run, LINUX_EXECUTABLE",
            "app.sh, LINUX_EXECUTABLE",
            "App-x86_64.AppImage, LINUX_EXECUTABLE",
            "restic_0.16.4_linux_amd64, LINUX_EXECUTABLE",
            "app.x86_64, LINUX_EXECUTABLE",
            "Setup.EXE, WINDOWS_EXECUTABLE"})
    void detect_goesByTheFileNamesExtension_ignoringCase(String fileName, InstallerKind expected) {
        assertThat(InstallerKind.detect(fileName)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.zip", "app.dmg", "app.jar", "notes.txt", "app.gz", "app.tar", "app.pkg", ".deb",
            ".sh"})
    void detect_refusesAnythingElse_listingWhatIsSupported(String fileName) {
        assertThatThrownBy(() -> InstallerKind.detect(fileName))
                .isInstanceOfSatisfying(DistributorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_INSTALLER);
                    assertThat(e.getMessage()).contains("'" + fileName + "'")
                            .contains("supported: .deb, .rpm, .msi, .tar.gz/.tgz, .exe, or a plain executable");
                    assertThat(e.getExtensions()).containsEntry("code", "UNSUPPORTED_INSTALLER")
                            .containsEntry("field", "installerFileName");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"my app.deb", "../app.deb", "app;reboot", ""})
    void detect_refusesNamesOutsideTheFileNameRules_asInvalidName(String fileName) {
        assertThatThrownBy(() -> InstallerKind.detect(fileName))
                .isInstanceOfSatisfying(DistributorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
    }

    @ParameterizedTest
    @CsvSource({
            "DEB, debian, true", "DEB, ubuntu, true", "DEB, linuxmint, true", "DEB, pop, true", "DEB, raspbian, true",
            "DEB, redhat, false", "DEB, windows, false", "DEB, _any, false", "DEB, Ubuntu, false",
            "RPM, redhat, true", "RPM, centos, true", "RPM, amazon, true", "RPM, suse, true", "RPM, opensuse, true",
            "RPM, opensuseleap, true", "RPM, oracle, true", "RPM, rocky, true", "RPM, almalinux, true",
            "RPM, fedora, true", "RPM, ubuntu, false", "RPM, _any, false",
            "MSI, windows, true", "MSI, ubuntu, false", "MSI, _any, false",
            "WINDOWS_EXECUTABLE, windows, true", "WINDOWS_EXECUTABLE, _any, false",
            "TARBALL, ubuntu, true", "TARBALL, amazon, true", "TARBALL, arch, true", "TARBALL, _any, true",
            "TARBALL, windows, false",
            "LINUX_EXECUTABLE, debian, true", "LINUX_EXECUTABLE, _any, true", "LINUX_EXECUTABLE, windows, false"})
    void fits_matchesEachInstallerToThePlatformsThatCanRunIt(InstallerKind kind, String platform, boolean fits) {
        assertThat(kind.fits(platform)).isEqualTo(fits);
    }

    @Test
    void anMsiForUbuntu_isAMismatch_namingThePlatformAndWhatWouldFit() {
        assertThatThrownBy(() -> InstallerKind.MSI.requireFits("ubuntu", "entries[0].platform"))
                .isInstanceOfSatisfying(DistributorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INSTALLER_PLATFORM_MISMATCH);
                    assertThat(e.getMessage()).contains("A .msi installer cannot be installed on platform 'ubuntu'")
                            .contains("Installers that fit 'ubuntu': .deb; .tar.gz/.tgz; a plain executable");
                    assertThat(e.details()).containsEntry("field", "entries[0].platform")
                            .containsEntry("platform", "ubuntu");
                });
    }

    @Test
    void aDebForAny_isAMismatch_explainingThatAnyAlsoMatchesWindows() {
        assertThatThrownBy(() -> InstallerKind.DEB.requireFits("_any", "entries[0].platform"))
                .isInstanceOfSatisfying(DistributorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INSTALLER_PLATFORM_MISMATCH);
                    assertThat(e.getMessage()).contains("'_any' also matches Windows hosts")
                            .contains("Installers that fit '_any': .tar.gz/.tgz; a plain executable");
                });
    }

    @Test
    void theScriptNames_followThePlatform() {
        assertThat(InstallerKind.RPM.scriptNames()).containsExactly("install.sh", "uninstall.sh", "update.sh");
        assertThat(InstallerKind.WINDOWS_EXECUTABLE.scriptNames())
                .containsExactly("install.ps1", "uninstall.ps1", "update.ps1");
    }

    @ParameterizedTest
    @CsvSource({"tool, tool", "tool.sh, tool", "tool.run, tool", "tool.bin, tool", "Tool-x86_64.AppImage, Tool-x86_64",
            "restic_0.16.4_linux_amd64, restic_0.16.4_linux_amd64"})
    void aPlainExecutablesCommandName_dropsOnlyTheExecutableExtensions(String fileName, String command) {
        assertThat(InstallerKind.commandName(fileName)).isEqualTo(command);
    }
}
