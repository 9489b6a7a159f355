package dev.distributor.catalog.service;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.artifact.ArtifactConfig;
import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.catalog.artifact.ZipInspector;
import dev.distributor.catalog.domain.PackageEntity;
import dev.distributor.catalog.manifest.Manifest;
import dev.distributor.catalog.manifest.ManifestBytes;
import dev.distributor.catalog.manifest.ManifestParser;
import dev.distributor.catalog.manifest.StoredManifest;
import dev.distributor.catalog.repository.PackageRepository;
import dev.distributor.catalog.repository.VersionRepository;
import dev.distributor.common.TempFiles;
import dev.distributor.common.VertxContexts;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Names;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/**
 * Bundles: one zip holding a version's {@code manifest.json} and every file it lists under its manifest name, the
 * layout AWS Distributor expects in its S3 folder. Export streams through temporary files, never whole files in memory;
 * import checks the bundle like any uploaded zip (zip slip, entry count, expanded size), then adds the version through
 * {@link VersionService#add}.
 */
@ApplicationScoped
public class BundleService {

    public static final String MANIFEST_ENTRY = "manifest.json";

    /** Manifests are small; a bigger one is not a manifest, and reading it into memory would be the attack. */
    static final int MAX_MANIFEST_BYTES = 1024 * 1024;

    /** A fixed entry time, so exporting the same version twice gives the same bytes. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final PackageService packages;
    private final PackageRepository packageRows;
    private final VersionRepository versionRows;
    private final VersionService versions;
    private final ArtifactStore store;
    private final ArtifactIntake intake;
    private final ZipInspector inspector;

    public BundleService(AccessControl access, UnitOfWork unitOfWork, PackageService packages,
            PackageRepository packageRows,
            VersionRepository versionRows, VersionService versions, ArtifactStore store, ArtifactIntake intake,
            ArtifactConfig config) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.packages = packages;
        this.packageRows = packageRows;
        this.versionRows = versionRows;
        this.versions = versions;
        this.store = store;
        this.intake = intake;
        this.inspector = new ZipInspector(config.zip().maxEntries(), config.zip().maxExpandedSize().asLongValue());
    }

    /**
     * A bundle written to a temporary directory.
     *
     * @param fileName {@code <package>-<version>.zip}
     * @param directory the caller deletes it ({@link TempFiles#deleteTree}) once the zip has been sent
     */
    public record Bundle(String fileName, Path zip, Path directory) {
    }

    public Uni<Bundle> export(String packageName, String version) {
        return access.require(Permission.VIEW, "bundle.export")
                .chain(viewer -> unitOfWork.read(session -> packages.require(session, packageName)
                        .chain(pkg -> packages.requireVersion(session, pkg, version))))
                .chain(v -> {
                    Manifest manifest = StoredManifest.read(v.manifest);
                    String fileName = packageName + "-" + version + ".zip";
                    return VertxContexts.blocking(() -> Files.createTempDirectory("distributor-bundle-"))
                            .chain(dir -> downloadAll(manifest, dir)
                                    .chain(() -> VertxContexts.blocking(() -> writeBundle(manifest, dir, fileName)))
                                    .map(zip -> new Bundle(fileName, zip, dir))
                                    .onFailure().call(() -> VertxContexts.blocking(() -> TempFiles.deleteTree(dir)))
                                    .onCancellation().call(() -> VertxContexts
                                            .blocking(() -> TempFiles.deleteTree(dir))));
                });
    }

    /**
     * Imports a bundle as a new version of {@code packageName}, creating the package (publisher from the manifest)
     * when it does not exist. The version name is the manifest's {@code version}.
     */
    public Uni<CreatedVersion> importBundle(String packageName, Path bundle, boolean publish) {
        return access.require(Permission.PUBLISH, "bundle.import")
                .invoke(actor -> Names.packageName("packageName", packageName))
                .chain(actor -> TempFiles.withDirectory("distributor-import-", dir -> VertxContexts
                        .blocking(() -> unpack(bundle, dir))
                        .chain(unpacked -> add(packageName, unpacked, publish))));
    }

    private record Unpacked(Manifest manifest, List<IncomingFile> files) {
    }

    private Uni<CreatedVersion> add(String packageName, Unpacked unpacked, boolean publish) {
        Manifest manifest = unpacked.manifest();
        String version = manifest.version();
        return existingPackage(packageName, version)
                .call(() -> intake.store(manifest, unpacked.files(), "bundle"))
                .call(existing -> existing != null ? Uni.createFrom().voidItem() : createPackage(packageName, manifest))
                .chain(() -> versions.add(packageName, version, manifest.json(), publish))
                // add() cleans up after its own refusals; this covers those before it.
                .onFailure().call(() -> intake.discard(manifest))
                .chain(created -> VersionUploadService.withFiles(versions, created));
    }

    /** Creates the package; another import creating the very same name meanwhile is not a failure. */
    private Uni<Void> createPackage(String packageName, Manifest manifest) {
        return packages.create(new NewPackage(packageName, null, manifest.publisher(), Map.of()))
                .replaceWithVoid()
                .onFailure(e -> e instanceof DistributorException d && d.code() == ErrorCode.PACKAGE_EXISTS)
                .recoverWithUni(e -> packages.find(packageName).map(pkg -> {
                    if (pkg == null) {
                        throw (DistributorException) e;
                    }
                    return null;
                }));
    }

    /** The package, or null when the import will create it; VERSION_EXISTS before any byte is stored. */
    private Uni<PackageEntity> existingPackage(String packageName, String version) {
        return unitOfWork.read(session -> packageRows.findByName(session, packageName)
                .call(pkg -> pkg == null
                        ? Uni.createFrom().voidItem()
                        : versionRows.find(session, pkg.id, version).invoke(existing -> {
                            if (existing != null) {
                                throw VersionUploadService.versionExists(pkg.name, existing.version, version);
                            }
                        })));
    }

    private Uni<Void> downloadAll(Manifest manifest, Path dir) {
        return Multi.createFrom().iterable(manifest.files().values().stream().distinct().toList())
                .onItem()
                .transformToUniAndConcatenate(sha -> store.download(ArtifactStore.keyFor(sha), dir.resolve(sha)))
                .collect().asList()
                .replaceWithVoid();
    }

    /** Blocking. Zips are stored, not deflated again: they are compressed already. */
    private static Path writeBundle(Manifest manifest, Path dir, String fileName) throws IOException {
        Path zip = dir.resolve(fileName);
        try (var out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zip)))) {
            var entry = new ZipEntry(MANIFEST_ENTRY);
            entry.setTimeLocal(ENTRY_TIME);
            out.putNextEntry(entry);
            out.write(manifest.json().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            for (var file : manifest.files().entrySet()) {
                Path source = dir.resolve(file.getValue());
                out.putNextEntry(storedEntry(file.getKey(), file.getValue(), source));
                Files.copy(source, out);
                out.closeEntry();
            }
        }
        for (String sha : manifest.files().values()) {
            Files.deleteIfExists(dir.resolve(sha));
        }
        return zip;
    }

    /** A STORED entry needs its size and CRC up front; the same pass checks the store returned the right bytes. */
    private static ZipEntry storedEntry(String name, String sha256, Path source) throws IOException {
        var crc = new CRC32();
        MessageDigest digest = sha256Digest();
        long size = 0;
        try (InputStream in = Files.newInputStream(source)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0;) {
                crc.update(buffer, 0, n);
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha256)) {
            throw new IllegalStateException("Stored object " + ArtifactStore.keyFor(sha256) + " for file '" + name
                    + "' hashes to " + actual + "; the artifact store is corrupt");
        }
        var entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc.getValue());
        entry.setTimeLocal(ENTRY_TIME);
        return entry;
    }

    /** Blocking: checks the bundle, reads its manifest and extracts the listed files into {@code dir}. */
    private Unpacked unpack(Path bundle, Path dir) throws IOException {
        inspector.inspect(bundle, "bundle");
        try (var zip = new ZipFile(bundle.toFile())) {
            String root = rootOf(zip);
            String manifestName = root + MANIFEST_ENTRY;
            String json = readManifest(zip, zip.getEntry(manifestName));
            Manifest manifest = ManifestParser.parse(json, null);
            List<IncomingFile> files = new ArrayList<>();
            var seen = new HashSet<String>();
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || isDesktopLitter(name) || name.equals(manifestName)) {
                    continue;
                }
                String relative = name.startsWith(root) ? name.substring(root.length()) : name;
                if (!name.startsWith(root) || relative.contains("/") || !manifest.files().containsKey(relative)) {
                    throw invalidBundle("has an entry '" + name + "' that is not a file listed under $.files of "
                            + "its manifest.json; a bundle holds manifest.json and the listed files side by side",
                            name);
                }
                if (!seen.add(relative)) {
                    throw invalidBundle("holds '" + name + "' twice", name);
                }
                // Extracted under a name of our own, so no entry name ever becomes a path on this machine.
                Path target = dir.resolve("file-" + files.size());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                inspector.inspect(target, relative);
                files.add(new IncomingFile(relative, target));
            }
            return new Unpacked(manifest, files);
        }
    }

    /** "" when manifest.json is at the root; "dir/" when the bundle is one zipped folder holding it. */
    private static String rootOf(ZipFile zip) {
        if (zip.getEntry(MANIFEST_ENTRY) != null) {
            return "";
        }
        List<String> folders = zip.stream()
                .map(ZipEntry::getName)
                .filter(name -> name.endsWith("/" + MANIFEST_ENTRY) && !isDesktopLitter(name))
                .filter(name -> name.indexOf('/') == name.length() - MANIFEST_ENTRY.length() - 1)
                .map(name -> name.substring(0, name.length() - MANIFEST_ENTRY.length()))
                .toList();
        if (folders.size() != 1) {
            throw invalidBundle("has no " + MANIFEST_ENTRY + " at its root (nor in a single top-level folder)",
                    MANIFEST_ENTRY);
        }
        return folders.get(0);
    }

    private static String readManifest(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw new DistributorException(ErrorCode.INVALID_MANIFEST, "The bundle's " + MANIFEST_ENTRY
                        + " is larger than " + MAX_MANIFEST_BYTES + " bytes; a manifest is a small JSON document.",
                        Map.of("field", "bundle", "jsonPath", "$"));
            }
            return ManifestBytes.decode(bytes, "bundle", "bundle's " + MANIFEST_ENTRY);
        }
    }

    /** Folders macOS and Windows add when zipping by hand; they carry nothing a package needs. */
    private static boolean isDesktopLitter(String name) {
        return name.startsWith("__MACOSX/") || name.endsWith(".DS_Store") || name.endsWith("Thumbs.db");
    }

    private static DistributorException invalidBundle(String problem, String entry) {
        var details = new LinkedHashMap<String, Object>();
        details.put("field", "bundle");
        details.put("entry", entry);
        return new DistributorException(ErrorCode.INVALID_ZIP, "The bundle " + problem + ".", details);
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
