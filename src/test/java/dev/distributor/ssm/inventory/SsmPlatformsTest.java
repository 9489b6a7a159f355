package dev.distributor.ssm.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SSM's PlatformType/PlatformName/PlatformVersion become the platform names agents report. */
class SsmPlatformsTest {

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            Linux   | Ubuntu                                  | ubuntu
            Linux   | Amazon Linux                            | amazon
            Linux   | Amazon Linux AMI                        | amazon
            Linux   | Red Hat Enterprise Linux                | redhat
            Linux   | Red Hat Enterprise Linux Server         | redhat
            Linux   | CentOS Linux                            | centos
            Linux   | CentOS Stream                           | centos
            Linux   | SLES                                    | suse
            Linux   | SUSE Linux Enterprise Server            | suse
            Linux   | openSUSE Leap                           | opensuseleap
            Linux   | Debian GNU/Linux                        | debian
            Linux   | Oracle Linux Server                     | oracle
            Linux   | Rocky Linux                             | rocky
            Linux   | AlmaLinux                               | almalinux
            Windows | Microsoft Windows Server 2019 Datacenter| windows
            null    | Microsoft Windows Server 2022           | windows
            MacOS   | macOS                                   | macos
            Linux   | Fedora Linux                            | fedora
            Linux   | Kali GNU/Linux                          | kali
            Linux   | null                                    | unknown
            Linux   | '  '                                    | unknown
            Linux   | Clear Linux OS                          | clear
            Linux   | Mint/LMDE 6                             | mintlmde
            """)
    void mapsPlatformNames(String platformType, String platformName, String expected) {
        assertThat(SsmPlatforms.platform(platformType, platformName)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            22.04           | 22.04
            2               | 2
            10.0.17763      | 10.0.17763
            ' 9.2 '         | 9.2
            null            | unknown
            ''              | unknown
            9.2 (Plow)      | unknown
            """)
    void keepsVersionsAManifestCanName(String version, String expected) {
        assertThat(SsmPlatforms.platformVersion(version)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "tag {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            null     | x86_64
            arm64    | arm64
            aarch64  | arm64
            amd64    | x86_64
            i686     | 386
            riscv64  | riscv64
            'arm 64' | x86_64
            ''       | x86_64
            """)
    void takesTheArchFromTheTagElseTheDefault(String tag, String expected) {
        assertThat(SsmPlatforms.arch(tag, "x86_64")).isEqualTo(expected);
    }
}
