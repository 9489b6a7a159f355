package dev.distributor.ssm.inventory;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Maps what DescribeInstanceInformation says of an instance's OS (AWS API reference, {@code InstanceInformation}:
 * {@code PlatformType} Windows | Linux | MacOS, {@code PlatformName} such as "Ubuntu", "Amazon Linux", "Red Hat
 * Enterprise Linux Server", {@code PlatformVersion} such as "22.04") to the platform names agents report (DESIGN.md
 * §3: os-release IDs with {@code rhel}→redhat, {@code ol}→oracle, {@code amzn}→amazon, {@code sles}→suse,
 * {@code opensuse-leap}→opensuseleap), so one package manifest matches both kinds of target. Pure.
 */
public final class SsmPlatforms {

    /** What agents may report as a platform, version and arch (fleet.service.AgentFacts); SSM values are held to it. */
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9_.-]{1,64}");
    private static final Pattern PLATFORM_VERSION = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern ARCH = Pattern.compile("[A-Za-z0-9_]{1,32}");

    /** What a value SSM left empty, or one no manifest could name, is recorded as. */
    public static final String UNKNOWN = "unknown";

    private SsmPlatforms() {
    }

    /**
     * The platform: Windows (by PlatformType, or a PlatformName naming Windows) → windows, MacOS → macos; by
     * PlatformName: "Ubuntu" → ubuntu, "Amazon Linux*" → amazon, "Red Hat Enterprise Linux*" → redhat, "CentOS*" →
     * centos, "SLES*"/"SUSE*" → suse, "openSUSE Leap*" → opensuseleap, "openSUSE*" → opensuse, "Debian*" → debian,
     * "Oracle Linux*" → oracle, "Rocky*" → rocky, "AlmaLinux*" → almalinux; any other name: its first word, lower
     * case, with characters a platform name cannot hold dropped; {@value #UNKNOWN} when nothing is left.
     */
    public static String platform(String platformType, String platformName) {
        String type = platformType == null ? "" : platformType.trim().toLowerCase(Locale.ROOT);
        String name = platformName == null ? "" : platformName.trim().toLowerCase(Locale.ROOT);
        if (type.equals("windows") || name.contains("windows")) {
            return "windows";
        }
        if (type.equals("macos") || name.startsWith("macos") || name.startsWith("mac os")) {
            return "macos";
        }
        if (name.startsWith("ubuntu")) {
            return "ubuntu";
        }
        if (name.startsWith("amazon linux")) {
            return "amazon";
        }
        if (name.startsWith("red hat enterprise linux") || name.startsWith("rhel")) {
            return "redhat";
        }
        if (name.startsWith("centos")) {
            return "centos";
        }
        if (name.startsWith("sles") || name.startsWith("suse")) {
            return "suse";
        }
        if (name.startsWith("opensuse leap") || name.startsWith("opensuse-leap")) {
            return "opensuseleap";
        }
        if (name.startsWith("opensuse")) {
            return "opensuse";
        }
        if (name.startsWith("debian")) {
            return "debian";
        }
        if (name.startsWith("oracle linux")) {
            return "oracle";
        }
        if (name.startsWith("rocky")) {
            return "rocky";
        }
        if (name.startsWith("almalinux") || name.startsWith("alma linux")) {
            return "almalinux";
        }
        String firstWord = name.isEmpty() ? "" : name.split("\\s+", 2)[0].replaceAll("[^a-z0-9_.-]", "");
        return PLATFORM.matcher(firstWord).matches() ? firstWord : UNKNOWN;
    }

    /** PlatformVersion as SSM gives it when a manifest could name it (letters, digits, _ . -), else {@value #UNKNOWN}. */
    public static String platformVersion(String platformVersion) {
        String version = platformVersion == null ? "" : platformVersion.trim();
        return PLATFORM_VERSION.matcher(version).matches() ? version : UNKNOWN;
    }

    /**
     * The arch from the instance's {@code distributor:arch} tag (DescribeInstanceInformation has no arch), with the
     * agent's aliases ({@code amd64} → x86_64, {@code aarch64} → arm64, {@code i386}/{@code i686} → 386); the default
     * when there is no tag or its value is no arch name.
     */
    public static String arch(String tagValue, String defaultArch) {
        String arch = tagValue == null ? "" : tagValue.trim();
        arch = switch (arch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            case "i386", "i686", "386", "x86" -> "386";
            default -> arch;
        };
        return ARCH.matcher(arch).matches() ? arch : defaultArch;
    }
}
