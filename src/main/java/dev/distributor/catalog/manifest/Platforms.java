package dev.distributor.catalog.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The platforms and architectures AWS Distributor documents (the seed's table), and the mapping from what a host
 * reports to the codes manifests use. The table only ever produces warnings: hosts run distributions AWS does not
 * list (rocky, almalinux), and a publisher targeting them deliberately must not be blocked.
 */
public final class Platforms {

    /** The wildcard key a manifest uses at the platform, platform version and architecture levels. */
    public static final String ANY = "_any";

    /** Every architecture the service knows, whatever the platform. */
    public static final List<String> ARCHITECTURES = List.of("x86_64", "386", "arm64");

    /** One row of the seed's table; {@code note} is null when the table has none. */
    public record PlatformInfo(String code, String displayName, List<String> architectures, String note) {
        public PlatformInfo {
            architectures = List.copyOf(architectures);
        }
    }

    private static final List<String> X86 = List.of("x86_64", "386");
    private static final List<String> X86_AND_ARM = List.of("x86_64", "386", "arm64");

    private static final Map<String, PlatformInfo> KNOWN = index(List.of(
            new PlatformInfo("windows", "Windows Server", X86, null),
            new PlatformInfo("debian", "Debian", X86, null),
            new PlatformInfo("ubuntu", "Ubuntu Server", X86_AND_ARM,
                    "arm64: Ubuntu Server 16 and later, A1 instance types"),
            new PlatformInfo("redhat", "Red Hat Enterprise Linux (RHEL)", X86_AND_ARM,
                    "arm64: RHEL 7.6 and later, A1 instance types"),
            new PlatformInfo("centos", "CentOS", X86, null),
            new PlatformInfo("amazon", "Amazon Linux and Amazon Linux 2", X86_AND_ARM,
                    "arm64: Amazon Linux 2, A1 instance types"),
            new PlatformInfo("suse", "SUSE Linux Enterprise Server (SLES)", X86, null),
            new PlatformInfo("opensuse", "openSUSE", X86, null),
            new PlatformInfo("opensuseleap", "openSUSE Leap", X86, null),
            new PlatformInfo("oracle", "Oracle Linux", List.of("x86_64"), null)));

    private static final Map<String, String> OS_RELEASE_IDS = Map.of(
            "rhel", "redhat",
            "ol", "oracle",
            "amzn", "amazon",
            "sles", "suse",
            "opensuse-leap", "opensuseleap");

    private static final Map<String, String> MACHINE_NAMES = Map.of(
            "amd64", "x86_64",
            "aarch64", "arm64",
            "i386", "386",
            "i686", "386");

    private Platforms() {
    }

    /** The known platforms in the seed table's order. */
    public static List<PlatformInfo> all() {
        return List.copyOf(KNOWN.values());
    }

    public static Optional<PlatformInfo> find(String code) {
        return Optional.ofNullable(KNOWN.get(code));
    }

    /** Case-sensitive, like manifest matching: {@code Ubuntu} is not {@code ubuntu}. */
    public static boolean isKnown(String code) {
        return KNOWN.containsKey(code);
    }

    /** Everything odd about a platform and architecture combination; empty when the table lists it. */
    public static List<String> warnings(String platform, String arch) {
        List<String> warnings = new ArrayList<>(2);
        platformWarning(platform).ifPresent(warnings::add);
        architectureWarning(platform, arch).ifPresent(warnings::add);
        return List.copyOf(warnings);
    }

    static Optional<String> platformWarning(String platform) {
        if (ANY.equals(platform) || isKnown(platform)) {
            return Optional.empty();
        }
        return Optional.of("platform '" + platform + "' is not one of the known platforms (" + String.join(", ",
                KNOWN.keySet()) + "); it is accepted and matches hosts whose os-release ID maps to it");
    }

    static Optional<String> architectureWarning(String platform, String arch) {
        if (ANY.equals(arch)) {
            return Optional.empty();
        }
        if (!ARCHITECTURES.contains(arch)) {
            String hint = "*".equals(arch) ? "; '*' is not an architecture wildcard, use '_any'" : "";
            return Optional.of("architecture '" + arch + "' is not one of " + String.join(", ", ARCHITECTURES)
                    + " or _any; it is accepted and matches only hosts reporting exactly '" + arch + "'" + hint);
        }
        PlatformInfo info = KNOWN.get(platform);
        if (info != null && !info.architectures().contains(arch)) {
            return Optional.of("AWS Distributor does not list architecture '" + arch + "' for " + info.displayName()
                    + " (only " + String.join(", ", info.architectures()) + ")");
        }
        return Optional.empty();
    }

    /** Maps an os-release {@code ID} to the platform code manifests use ({@code rhel} -> {@code redhat}). */
    public static String normalizePlatform(String osReleaseId) {
        if (osReleaseId == null) {
            return null;
        }
        String id = osReleaseId.trim().toLowerCase(Locale.ROOT);
        return OS_RELEASE_IDS.getOrDefault(id, id);
    }

    /** Maps {@code uname -m} or {@code dpkg --print-architecture} output to a manifest architecture. */
    public static String normalizeArch(String unameOrDpkg) {
        if (unameOrDpkg == null) {
            return null;
        }
        String machine = unameOrDpkg.trim().toLowerCase(Locale.ROOT);
        return MACHINE_NAMES.getOrDefault(machine, machine);
    }

    private static Map<String, PlatformInfo> index(List<PlatformInfo> platforms) {
        Map<String, PlatformInfo> byCode = new LinkedHashMap<>();
        platforms.forEach(info -> byCode.put(info.code(), info));
        return byCode;
    }
}
