package dev.distributor.catalog.authoring;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.distributor.catalog.manifest.Platforms;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Names;

/**
 * The installer files Simple creation (DESIGN.md §3) can wrap in generated scripts, told apart by file name: the
 * publisher names the file, and guessing from content would make the same upload behave differently per sniffer.
 * {@link InstallerSignature} then checks the content is what the name says.
 */
public enum InstallerKind {
    /** A Debian package, installed with dpkg. */
    DEB(".deb", "deb", false),
    /** An RPM package, installed with rpm. */
    RPM(".rpm", "rpm", false),
    /** A Windows Installer package, installed with msiexec. */
    MSI(".msi", "windows", true),
    /** A gzip-compressed tar archive, unpacked under /opt/&lt;package&gt;/. */
    TARBALL(".tar.gz/.tgz", "linux", false),
    /** A Linux program copied to /opt/&lt;package&gt;/ with a link in /usr/local/bin. */
    LINUX_EXECUTABLE("a plain executable (no extension, or .bin, .run, .sh, .AppImage)", "linux", false),
    /** A Windows program copied to %ProgramFiles%\&lt;package&gt;\. */
    WINDOWS_EXECUTABLE(".exe", "windows", true);

    /** The wording used by {@link ErrorCode#UNSUPPORTED_INSTALLER} messages. */
    public static final String SUPPORTED = ".deb, .rpm, .msi, .tar.gz/.tgz, .exe, or a plain executable"
            + " (no extension, or .bin, .run, .sh, .AppImage)";

    private static final Set<String> DEBIAN_FAMILY = Set.of("debian", "ubuntu", "linuxmint", "pop", "raspbian",
            "elementary", "kali", "zorin", "devuan", "neon");
    private static final Set<String> RPM_FAMILY = Set.of("redhat", "centos", "amazon", "suse", "opensuse",
            "opensuseleap", "oracle", "rocky", "almalinux", "fedora");
    private static final String WINDOWS = "windows";

    /** Extensions of plain executables, matched ignoring case; the command name drops them. */
    private static final List<String> EXECUTABLE_EXTENSIONS = List.of(".bin", ".run", ".sh", ".appimage");

    private static final Map<String, InstallerKind> BY_EXTENSION = Map.of(
            ".deb", DEB,
            ".rpm", RPM,
            ".msi", MSI,
            ".tgz", TARBALL,
            ".tar.gz", TARBALL,
            ".exe", WINDOWS_EXECUTABLE);

    private final String description;
    private final String zipSuffix;
    private final boolean windows;

    InstallerKind(String description, String zipSuffix, boolean windows) {
        this.description = description;
        this.zipSuffix = zipSuffix;
        this.windows = windows;
    }

    /**
     * The kind a file name stands for. A last dot-segment made only of letters counts as an extension, so
     * {@code tool.zip} is refused while {@code restic_0.16.4_linux_amd64} or {@code app.x86_64} are plain executables.
     *
     * @throws DistributorException {@link ErrorCode#INVALID_NAME} for a name outside {@code [A-Za-z0-9_.-]},
     *         {@link ErrorCode#UNSUPPORTED_INSTALLER} for any other extension
     */
    public static InstallerKind detect(String fileName) {
        Names.fileName("installerFileName", fileName);
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (var known : BY_EXTENSION.entrySet()) {
            if (lower.endsWith(known.getKey()) && lower.length() > known.getKey().length()) {
                return known.getValue();
            }
        }
        for (String extension : EXECUTABLE_EXTENSIONS) {
            if (lower.endsWith(extension) && lower.length() > extension.length()) {
                return LINUX_EXECUTABLE;
            }
        }
        int dot = fileName.lastIndexOf('.');
        String lastSegment = dot < 0 ? "" : fileName.substring(dot + 1);
        boolean hasExtension = !lastSegment.isEmpty() && lastSegment.chars().allMatch(Character::isLetter);
        // dot == 0 is a bare extension such as ".deb" or ".profile": no name to install under.
        if (dot != 0 && !hasExtension) {
            return LINUX_EXECUTABLE;
        }
        throw new DistributorException(ErrorCode.UNSUPPORTED_INSTALLER, "Installer file '" + fileName
                + "' is not something Simple creation can install; supported: " + SUPPORTED
                + ". For anything else, upload a zip with your own install and uninstall scripts.",
                Map.of("field", "installerFileName"));
    }

    /**
     * Whether an installer of this kind can run on hosts reporting {@code platform} (a manifest platform key).
     * {@code _any} also matches Windows hosts, so only the kinds needing no package manager fit it.
     */
    public boolean fits(String platform) {
        if (platform == null) {
            return false;
        }
        return switch (this) {
            case DEB -> DEBIAN_FAMILY.contains(platform);
            case RPM -> RPM_FAMILY.contains(platform);
            case MSI, WINDOWS_EXECUTABLE -> WINDOWS.equals(platform);
            case TARBALL, LINUX_EXECUTABLE -> !WINDOWS.equals(platform);
        };
    }

    /**
     * @throws DistributorException {@link ErrorCode#INSTALLER_PLATFORM_MISMATCH} naming the platform and the kinds
     *         that would fit it
     */
    public void requireFits(String platform, String field) {
        if (fits(platform)) {
            return;
        }
        String fitting = Arrays.stream(values())
                .filter(kind -> kind.fits(platform))
                .map(InstallerKind::description)
                .collect(Collectors.joining("; "));
        String anyHint = Platforms.ANY.equals(platform)
                ? " ('_any' also matches Windows hosts, so it takes only installers that need no package manager;"
                        + " list the platforms instead)"
                : "";
        throw new DistributorException(ErrorCode.INSTALLER_PLATFORM_MISMATCH, "A " + description
                + " installer cannot be installed on platform '" + platform + "'" + anyHint
                + ". Installers that fit '" + platform + "': " + (fitting.isEmpty() ? "none" : fitting) + ".",
                Map.of("field", field, "platform", platform, "installerKind", name()));
    }

    /** Windows kinds get PowerShell scripts, the others POSIX sh. */
    public boolean windows() {
        return windows;
    }

    /** The extension or form a user recognises, for messages. */
    public String description() {
        return description;
    }

    /** The part of the generated zip's name after {@code <package>-<version>-}: deb, rpm, windows or linux. */
    public String zipSuffix() {
        return zipSuffix;
    }

    /** The generated scripts, install first: {@code install.sh}, {@code uninstall.sh}, {@code update.sh} or .ps1. */
    public List<String> scriptNames() {
        String extension = windows ? ".ps1" : ".sh";
        return List.of("install" + extension, "uninstall" + extension, "update" + extension);
    }

    /**
     * The command a plain executable is linked as in /usr/local/bin: the file name without .bin, .run, .sh or
     * .AppImage.
     */
    static String commandName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String extension : EXECUTABLE_EXTENSIONS) {
            if (lower.endsWith(extension)) {
                return fileName.substring(0, fileName.length() - extension.length());
            }
        }
        return fileName;
    }
}
