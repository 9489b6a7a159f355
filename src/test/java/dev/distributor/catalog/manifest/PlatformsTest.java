package dev.distributor.catalog.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.distributor.catalog.manifest.Platforms.PlatformInfo;

class PlatformsTest {

    @ParameterizedTest(name = "os-release ID {0} -> platform {1}")
    @CsvSource(delimiter = '|', textBlock = """
            rhel          | redhat
            ol            | oracle
            amzn          | amazon
            sles          | suse
            opensuse-leap | opensuseleap
            ubuntu        | ubuntu
            debian        | debian
            rocky         | rocky
            Rocky         | rocky
            '  RHEL '     | redhat
            """)
    void givenAnOsReleaseId_whenNormalizing_thenItBecomesTheManifestPlatformCode(String osReleaseId, String platform) {
        assertThat(Platforms.normalizePlatform(osReleaseId)).isEqualTo(platform);
    }

    @ParameterizedTest(name = "machine {0} -> arch {1}")
    @CsvSource(delimiter = '|', textBlock = """
            amd64   | x86_64
            AMD64   | x86_64
            x86_64  | x86_64
            aarch64 | arm64
            arm64   | arm64
            i386    | 386
            i686    | 386
            ppc64le | ppc64le
            """)
    void givenUnameOrDpkgOutput_whenNormalizing_thenItBecomesTheManifestArchitecture(String machine, String arch) {
        assertThat(Platforms.normalizeArch(machine)).isEqualTo(arch);
    }

    @Test
    void givenNothingReported_whenNormalizing_thenNothingIsInvented() {
        assertThat(Platforms.normalizePlatform(null)).isNull();
        assertThat(Platforms.normalizeArch(null)).isNull();
    }

    @Test
    void theKnownPlatformsAreTheSeedTableInItsOrder() {
        assertThat(Platforms.all()).extracting(PlatformInfo::code)
                .containsExactly("windows", "debian", "ubuntu", "redhat", "centos", "amazon", "suse", "opensuse",
                        "opensuseleap", "oracle");
    }

    @Test
    void theSeedTableListsArm64OnlyForUbuntuRedHatAndAmazonAndOracleOnlyOnX86_64() {
        assertThat(Platforms.all()).filteredOn(info -> info.architectures().contains("arm64"))
                .extracting(PlatformInfo::code)
                .containsExactly("ubuntu", "redhat", "amazon");
        assertThat(Platforms.find("oracle")).get().extracting(PlatformInfo::architectures)
                .isEqualTo(List.of("x86_64"));
        assertThat(Platforms.find("redhat")).get().extracting(PlatformInfo::note)
                .isEqualTo("arm64: RHEL 7.6 and later, A1 instance types");
        assertThat(Platforms.find("windows")).get().extracting(PlatformInfo::architectures)
                .isEqualTo(List.of("x86_64", "386"));
    }

    @Test
    void platformCodesAreCaseSensitiveLikeManifestMatching() {
        assertThat(Platforms.isKnown("ubuntu")).isTrue();
        assertThat(Platforms.isKnown("Ubuntu")).isFalse();
        assertThat(Platforms.isKnown("rocky")).isFalse();
    }

    @ParameterizedTest(name = "{0} on {1} -> {2} warning(s)")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # platform | arch    | warnings | first warning contains
            ubuntu     | arm64   | 0        |
            windows    | 386     | 0        |
            _any       | x86_64  | 0        |
            ubuntu     | _any    | 0        |
            oracle     | arm64   | 1        | does not list architecture 'arm64' for Oracle Linux (only x86_64)
            windows    | arm64   | 1        | does not list architecture 'arm64' for Windows Server
            ubuntu     | ppc64le | 1        | architecture 'ppc64le' is not one of x86_64, 386, arm64 or _any
            _any       | *       | 1        | '*' is not an architecture wildcard, use '_any'
            rocky      | x86_64  | 1        | platform 'rocky' is not one of the known platforms
            rocky      | s390x   | 2        | platform 'rocky' is not one of the known platforms
            """)
    void givenACombinationOutsideTheTable_whenAskingForWarnings_thenEachOddityIsNamed(String platform, String arch,
            int count, String firstWarning) {
        List<String> warnings = Platforms.warnings(platform, arch);

        assertThat(warnings).hasSize(count);
        if (count > 0) {
            assertThat(warnings.get(0)).contains(firstWarning);
        }
    }
}
