package dev.distributor.catalog.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.distributor.catalog.manifest.FileSelector;
import dev.distributor.catalog.manifest.Manifest;
import dev.distributor.catalog.manifest.ManifestParser;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

class SimplePackagePlanTest {

    private static final String SHA = "AB".repeat(32);

    @ParameterizedTest
    @CsvSource({
            "demo_1.2.0_amd64.deb, ubuntu, demo-app-1.2.0-deb.zip, install.sh",
            "demo-1.2.0-1.x86_64.rpm, amazon, demo-app-1.2.0-rpm.zip, install.sh",
            "demo-1.2.0.msi, windows, demo-app-1.2.0-windows.zip, install.ps1",
            "demo.exe, windows, demo-app-1.2.0-windows.zip, install.ps1",
            "demo-1.2.0.tgz, _any, demo-app-1.2.0-linux.zip, install.sh",
            "demo, redhat, demo-app-1.2.0-linux.zip, install.sh"})
    void oneInstaller_givesOneZip_namedAfterPackageVersionAndFamily(String installer, String platform, String zip,
            String firstScript) {
        SimplePackagePlan plan = SimplePackagePlan.create("demo-app", "1.2.0", installer,
                List.of(new PlatformEntry(platform, "x86_64")));

        assertThat(plan.zips()).singleElement().satisfies(planned -> {
            assertThat(planned.fileName()).isEqualTo(zip);
            assertThat(planned.installerFileName()).isEqualTo(installer);
            assertThat(planned.scripts().get(0).name()).isEqualTo(firstScript);
        });
        assertThat(plan.scriptsByZip()).containsOnlyKeys(zip);
        assertThat(plan.scriptsByZip().get(zip)).hasSize(3);
    }

    @Test
    void theManifest_isAwsFormat_groupsEntriesByPlatformAndVersion_andParses() {
        SimplePackagePlan plan = SimplePackagePlan.create("demo-app", "1.2.0", "demo_1.2.0_amd64.deb", List.of(
                new PlatformEntry("ubuntu", "20.04", "x86_64"),
                new PlatformEntry("ubuntu", "20.04", "arm64"),
                new PlatformEntry("ubuntu", "22.*", "x86_64"),
                new PlatformEntry("debian", null, "_any")));

        String json = plan.manifestJson(Map.of("demo-app-1.2.0-deb.zip", SHA));
        Manifest manifest = ManifestParser.parse(json, "1.2.0");

        assertThat(manifest.schemaVersion()).isEqualTo("2.0");
        assertThat(manifest.version()).isEqualTo("1.2.0");
        assertThat(manifest.packages()).isEqualTo(Map.of(
                "ubuntu", Map.of(
                        "20.04", Map.of("x86_64", "demo-app-1.2.0-deb.zip", "arm64", "demo-app-1.2.0-deb.zip"),
                        "22.*", Map.of("x86_64", "demo-app-1.2.0-deb.zip")),
                "debian", Map.of("_any", Map.of("_any", "demo-app-1.2.0-deb.zip"))));
        assertThat(manifest.packages().keySet()).as("entry order kept").containsExactly("ubuntu", "debian");
        assertThat(manifest.files()).containsExactly(Map.entry("demo-app-1.2.0-deb.zip", SHA.toLowerCase()));
        assertThat(manifest.warnings()).isEmpty();
        assertThat(json).contains("\"checksums\"").contains("\"sha256\"");
    }

    @Test
    void aHostMatchingAnEntry_getsTheGeneratedZip_throughTheAgentsOwnSelection() {
        SimplePackagePlan plan = SimplePackagePlan.create("demo-app", "1.2.0", "demo-1.2.0-1.x86_64.rpm",
                List.of(new PlatformEntry("amazon", "2", "x86_64"), new PlatformEntry("redhat", "9.*", "_any")));
        Manifest manifest = ManifestParser.parse(plan.manifestJson(Map.of("demo-app-1.2.0-rpm.zip", SHA)), "1.2.0");

        assertThat(FileSelector.select(manifest, "redhat", "9.3", "arm64").file()).isEqualTo("demo-app-1.2.0-rpm.zip");
        assertThat(FileSelector.select(manifest, "amazon", "2023", "x86_64").found()).isFalse();
    }

    @Test
    void theManifest_needsTheHashOfExactlyThePlannedZips() {
        SimplePackagePlan plan = SimplePackagePlan.create("demo-app", "1.0", "demo.deb",
                List.of(new PlatformEntry("ubuntu", "x86_64")));

        assertThatThrownBy(() -> plan.manifestJson(Map.of())).isInstanceOfSatisfying(DistributorException.class,
                e -> assertThat(e.getMessage()).contains("demo-app-1.0-deb.zip"));
        assertThatThrownBy(() -> plan.manifestJson(Map.of("demo-app-1.0-deb.zip", SHA, "other.zip", SHA)))
                .isInstanceOfSatisfying(DistributorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> plan.manifestJson(Map.of("demo-app-1.0-deb.zip", "not-a-hash")))
                .isInstanceOfSatisfying(DistributorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void anMsiForUbuntu_isRefused_namingTheEntry() {
        assertRefused("demo.msi",
                List.of(new PlatformEntry("windows", "x86_64"), new PlatformEntry("ubuntu", "x86_64")),
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INSTALLER_PLATFORM_MISMATCH);
                    assertThat(e.details()).containsEntry("field", "entries[1].platform");
                    assertThat(e.getMessage()).contains("'ubuntu'").contains(".deb");
                });
    }

    @Test
    void aDebForWindows_isRefused() {
        assertRefused("demo.deb", List.of(new PlatformEntry("windows", "x86_64")), e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INSTALLER_PLATFORM_MISMATCH);
            assertThat(e.getMessage()).contains("platform 'windows'").contains(".msi").contains(".exe");
        });
    }

    @Test
    void aZipAsInstaller_isUnsupported_andANameWithASpaceIsInvalid() {
        List<PlatformEntry> ubuntu = List.of(new PlatformEntry("ubuntu", "x86_64"));
        assertRefused("demo.zip", ubuntu, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_INSTALLER));
        assertRefused("my demo.deb", ubuntu, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
        assertThatThrownBy(() -> SimplePackagePlan.create("my app", "1.0", "demo.deb", ubuntu))
                .isInstanceOfSatisfying(DistributorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
        assertThatThrownBy(() -> SimplePackagePlan.create("demo-app", "1 0", "demo.deb", ubuntu))
                .isInstanceOfSatisfying(DistributorException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME));
    }

    @Test
    void noEntries_isRefused() {
        assertRefused("demo.deb", List.of(), e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.details()).containsEntry("field", "entries");
        });
        assertRefused("demo.deb", null, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void aRepeatedEntry_isRefused_evenWhenOneLeavesTheVersionToItsDefault() {
        assertRefused("demo.deb", List.of(new PlatformEntry("ubuntu", "x86_64"),
                new PlatformEntry("ubuntu", "_any", "x86_64")), e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.details()).containsEntry("field", "entries[1]");
                    assertThat(e.getMessage()).contains("ubuntu/_any/x86_64").contains("listed twice");
                });
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "ubuntu, 22.04, *, entries[0].arch, is a wildcard only for platform versions",
            "ubuntu, 22 04, x86_64, entries[0].platformVersion, not a plain identifier",
            "ubu.ntu, _any, x86_64, entries[0].platform, not a plain identifier",
            "null, _any, x86_64, entries[0].platform, is required",
            "ubuntu, _any, '', entries[0].arch, is required"})
    void keysThatAreNotPlainIdentifiers_areRefused_likeTheManifestParserWould(String platform, String version,
            String arch, String field, String message) {
        assertRefused("demo.tgz", List.of(new PlatformEntry(platform, version, arch)), e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(e.details()).containsEntry("field", field);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void oddButAcceptedEntries_giveWarnings_notErrors() {
        SimplePackagePlan plan = SimplePackagePlan.create("demo-app", "1.0", "demo.tgz", List.of(
                new PlatformEntry("rocky", "9", "x86_64"),
                new PlatformEntry("ubuntu", "riscv64"),
                new PlatformEntry("_any", "_any")));

        assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).startsWith("entries[0]: platform 'rocky'"))
                .anySatisfy(w -> assertThat(w).startsWith("entries[1]: architecture 'riscv64'"))
                .anySatisfy(w -> assertThat(w).startsWith("entries[2]: platform '_any' also matches Windows hosts"));
        assertThat(ManifestParser.parse(plan.manifestJson(Map.of("demo-app-1.0-linux.zip", SHA)), "1.0").warnings())
                .hasSize(2);
    }

    @Test
    void thePlanKeepsItsInputs_andCannotBeChangedThroughTheListPassedIn() {
        List<PlatformEntry> entries = new ArrayList<>(List.of(new PlatformEntry("ubuntu", "x86_64")));
        SimplePackagePlan plan = SimplePackagePlan.create("demo-app", "1.0", "demo.deb", entries);
        entries.add(new PlatformEntry("debian", "x86_64"));

        assertThat(plan.entries()).containsExactly(new PlatformEntry("ubuntu", "_any", "x86_64"));
        assertThat(plan.kind()).isEqualTo(InstallerKind.DEB);
        assertThat(plan.packageName()).isEqualTo("demo-app");
        assertThat(plan.version()).isEqualTo("1.0");
        assertThat(plan.installerFileName()).isEqualTo("demo.deb");
    }

    private static void assertRefused(String installer, List<PlatformEntry> entries,
            Consumer<DistributorException> check) {
        assertThatThrownBy(() -> SimplePackagePlan.create("demo-app", "1.0", installer, entries))
                .isInstanceOfSatisfying(DistributorException.class, check);
    }
}
