package dev.distributor.catalog.authoring;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.distributor.catalog.manifest.ManifestParser;
import dev.distributor.catalog.manifest.Platforms;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.Names;

/**
 * What Simple creation (DESIGN.md §3) makes from one installer and a list of platform entries: the zips, the scripts
 * in each, and the manifest once the zips' hashes are known. Creating a plan checks everything that can be checked
 * without the installer's bytes, so a publisher learns of a misfit (an .msi for ubuntu) before uploading anything.
 * Pure: no I/O except {@link PlannedZip#write}.
 */
public final class SimplePackagePlan {

    // The key rules of ManifestParser, checked here per entry so an error names the entry the publisher typed; the
    // manifest this plan writes is parsed by ManifestParser in the tests.
    private static final Pattern PLATFORM_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern PLATFORM_VERSION_KEY = Pattern.compile("[A-Za-z0-9_.*-]+");
    private static final Pattern ARCH_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final String packageName;
    private final String version;
    private final String installerFileName;
    private final InstallerKind kind;
    private final List<PlatformEntry> entries;
    private final List<PlannedZip> zips;
    private final List<String> warnings;

    /**
     * One zip the plan generates.
     *
     * @param fileName {@code <package>-<version>-<deb|rpm|windows|linux>.zip}
     * @param kind the installer kind the scripts are written for
     * @param installerFileName the installer, stored at the zip's root beside the scripts
     * @param scripts install, uninstall and update, to show the publisher before publishing
     * @param entries the manifest entries that name this zip
     */
    public record PlannedZip(String fileName, InstallerKind kind, String installerFileName,
            List<GeneratedScript> scripts, List<PlatformEntry> entries) {

        public PlannedZip {
            scripts = List.copyOf(scripts);
            entries = List.copyOf(entries);
        }

        /** Writes this zip, deterministically (see {@link SimpleZipBuilder}), with the installer read from a file. */
        public void write(Path installerFile, OutputStream out) throws IOException {
            SimpleZipBuilder.build(scripts, installerFileName, installerFile, out);
        }
    }

    private SimplePackagePlan(String packageName, String version, String installerFileName, InstallerKind kind,
            List<PlatformEntry> entries, List<PlannedZip> zips, List<String> warnings) {
        this.packageName = packageName;
        this.version = version;
        this.installerFileName = installerFileName;
        this.kind = kind;
        this.entries = List.copyOf(entries);
        this.zips = List.copyOf(zips);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * @throws DistributorException {@code INVALID_NAME} for a bad package, version or file name,
     *         {@code UNSUPPORTED_INSTALLER} for a file Simple creation cannot install, {@code INVALID_INPUT} for a
     *         missing, malformed or repeated entry, {@code INSTALLER_PLATFORM_MISMATCH} for an entry whose platform
     *         cannot run the installer
     */
    public static SimplePackagePlan create(String packageName, String version, String installerFileName,
            List<PlatformEntry> entries) {
        Names.packageName("packageName", packageName);
        Names.versionName("version", version);
        InstallerKind kind = InstallerKind.detect(installerFileName);
        if (entries == null || entries.isEmpty()) {
            throw DistributorException.invalidInput("entries",
                    "List at least one platform entry (platform, platform version, architecture) to install on.");
        }
        List<String> warnings = new ArrayList<>();
        Set<PlatformEntry> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            PlatformEntry entry = entries.get(i);
            String field = "entries[" + i + "]";
            if (entry == null) {
                throw DistributorException.invalidInput(field, field + " is empty.");
            }
            checkKey(field + ".platform", "platform", entry.platform(), PLATFORM_KEY, "'_' and '-'");
            checkKey(field + ".platformVersion", "platform version", entry.platformVersion(), PLATFORM_VERSION_KEY,
                    "'.', '*', '_' and '-'");
            checkKey(field + ".arch", "architecture", entry.arch(), ARCH_KEY, "'_' and '-'");
            if (!seen.add(entry)) {
                throw DistributorException.invalidInput(field, "Entry " + describe(entry)
                        + " is listed twice; list each platform, version and architecture once.");
            }
            kind.requireFits(entry.platform(), field + ".platform");
            Platforms.warnings(entry.platform(), entry.arch())
                    .forEach(warning -> warnings.add(field + ": " + warning));
            if (Platforms.ANY.equals(entry.platform())) {
                warnings.add(field + ": platform '_any' also matches Windows hosts, which cannot run the generated"
                        + " install.sh; list the Linux platforms instead if Windows hosts may be targeted");
            }
        }
        String zipName = Names.fileName("zipName",
                packageName + "-" + version + "-" + kind.zipSuffix() + ".zip");
        PlannedZip zip = new PlannedZip(zipName, kind, installerFileName,
                ScriptGenerator.scriptsFor(kind, packageName, installerFileName), entries);
        return new SimplePackagePlan(packageName, version, installerFileName, kind, entries, List.of(zip), warnings);
    }

    /**
     * The AWS-format manifest naming the plan's zips, which {@link ManifestParser#parse} accepts.
     *
     * @param sha256ByZip each planned zip's name -> its sha256 (hex), exactly the planned zips
     * @throws DistributorException {@code INVALID_INPUT} when a zip is missing or unknown, or a hash malformed
     */
    public String manifestJson(Map<String, String> sha256ByZip) {
        Objects.requireNonNull(sha256ByZip, "sha256ByZip");
        Set<String> planned = new TreeSet<>(zips.stream().map(PlannedZip::fileName).toList());
        if (!planned.equals(new TreeSet<>(sha256ByZip.keySet()))) {
            throw DistributorException.invalidInput("sha256ByZip", "Give the sha256 of exactly the planned zips "
                    + planned + "; got " + new TreeSet<>(sha256ByZip.keySet()) + ".");
        }
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", ManifestParser.SCHEMA_VERSION);
        manifest.put("version", version);
        ObjectNode packages = manifest.putObject("packages");
        ObjectNode files = manifest.putObject("files");
        for (PlannedZip zip : zips) {
            for (PlatformEntry entry : zip.entries()) {
                ObjectNode platform = packages.has(entry.platform())
                        ? (ObjectNode) packages.get(entry.platform())
                        : packages.putObject(entry.platform());
                ObjectNode platformVersion = platform.has(entry.platformVersion())
                        ? (ObjectNode) platform.get(entry.platformVersion())
                        : platform.putObject(entry.platformVersion());
                platformVersion.putObject(entry.arch()).put("file", zip.fileName());
            }
            String sha256 = Names.sha256("sha256ByZip[" + zip.fileName() + "]", sha256ByZip.get(zip.fileName()));
            files.putObject(zip.fileName()).putObject("checksums").put("sha256", sha256);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A manifest of plain strings cannot fail to serialize", e);
        }
    }

    /** Which scripts go into which zip, keyed by zip name, in plan order. */
    public Map<String, List<GeneratedScript>> scriptsByZip() {
        Map<String, List<GeneratedScript>> byZip = new LinkedHashMap<>();
        zips.forEach(zip -> byZip.put(zip.fileName(), zip.scripts()));
        return byZip;
    }

    public String packageName() {
        return packageName;
    }

    public String version() {
        return version;
    }

    public String installerFileName() {
        return installerFileName;
    }

    public InstallerKind kind() {
        return kind;
    }

    public List<PlatformEntry> entries() {
        return entries;
    }

    /** One zip per installer family: a single installer always yields exactly one. */
    public List<PlannedZip> zips() {
        return zips;
    }

    /** Accepted oddities to show the publisher, each prefixed with its entry, such as an unknown architecture. */
    public List<String> warnings() {
        return warnings;
    }

    private static void checkKey(String field, String what, String key, Pattern allowed, String punctuation) {
        if (key == null || key.isEmpty()) {
            throw DistributorException.invalidInput(field, field + ": the " + what + " is required.");
        }
        if (!allowed.matcher(key).matches()) {
            String wildcardHint = "*".equals(key) && !"platform version".equals(what)
                    ? " ('*' is a wildcard only for platform versions; use '_any')"
                    : "";
            throw DistributorException.invalidInput(field, field + ": " + what + " '" + key
                    + "' is not a plain identifier: use letters, digits, " + punctuation + " only" + wildcardHint
                    + ".");
        }
    }

    private static String describe(PlatformEntry entry) {
        return entry.platform() + "/" + entry.platformVersion() + "/" + entry.arch();
    }
}
