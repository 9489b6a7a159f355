package dev.distributor.catalog.service;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.manifest.Manifest;
import dev.distributor.catalog.manifest.ManifestParser;
import dev.distributor.catalog.repository.VersionRepository;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Names;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/**
 * Adds a version whose zips travel with the request (one multipart POST), for clients that cannot do the three-step
 * presigned flow. Everything that can be refused without the bytes in the store (manifest, package, version, each
 * file's listing, size and hash) is refused before anything is stored; then the files are staged and
 * {@link VersionService#add} applies the same checks as the GraphQL addPackageVersion. A refusal at any step deletes
 * the staged uploads of every file the manifest names.
 */
@ApplicationScoped
public class VersionUploadService {

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final PackageService packages;
    private final VersionRepository versionRows;
    private final VersionService versions;
    private final ArtifactIntake intake;

    public VersionUploadService(AccessControl access, UnitOfWork unitOfWork, PackageService packages,
            VersionRepository versionRows,
            VersionService versions, ArtifactIntake intake) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.packages = packages;
        this.versionRows = versionRows;
        this.versions = versions;
        this.intake = intake;
    }

    /**
     * @param requestedVersion the version name, or null for the manifest's {@code version}
     * @param files the zips sent, each named by its manifest file name; files the manifest lists but that are not sent
     *            must be in the store already
     */
    public Uni<CreatedVersion> create(String packageName, String requestedVersion, String manifestJson,
            boolean publish, List<IncomingFile> files) {
        // Access first: a caller who may not publish is refused as such, whatever the form holds.
        return access.require(Permission.PUBLISH, "version.create").chain(actor -> {
            Names.packageName("packageName", packageName);
            if (requestedVersion != null) {
                Names.versionName("version", requestedVersion);
            }
            if (manifestJson == null || manifestJson.isBlank()) {
                throw DistributorException.invalidInput("manifest",
                        "manifest is required: the AWS-format JSON document.");
            }
            Manifest manifest = ManifestParser.parse(manifestJson, requestedVersion);
            String version = manifest.version();
            return requireNewVersion(packageName, version)
                    .chain(() -> intake.store(manifest, files, "file"))
                    .chain(() -> versions.add(packageName, version, manifestJson, publish))
                    // add() cleans up after its own refusals; this covers those before it.
                    .onFailure().call(() -> intake.discard(manifest))
                    .chain(created -> withFiles(versions, created));
        });
    }

    /** PACKAGE_NOT_FOUND or VERSION_EXISTS before any byte is stored; add() checks again in its transaction. */
    private Uni<Void> requireNewVersion(String packageName, String version) {
        return unitOfWork.read(session -> packages.require(session, packageName)
                .call(pkg -> versionRows.find(session, pkg.id, version)
                        .invoke(existing -> {
                            if (existing != null) {
                                throw versionExists(pkg.name, existing.version, version);
                            }
                        })))
                .replaceWithVoid();
    }

    /**
     * VERSION_EXISTS for {@code requested}, naming the stored spelling when it differs only by case (versions are
     * unique ignoring case, docs/ROLLOUTS.md "Names and case"); {@code existing} null when the stored spelling is not
     * known (a concurrent insert won).
     */
    static DistributorException versionExists(String packageName, String existing, String requested) {
        String message = existing == null
                ? "Package '" + packageName + "' has a version '" + requested
                        + "' already (version names are compared ignoring case)."
                : existing.equals(requested)
                        ? "Package '" + packageName + "' has a version '" + requested + "' already."
                        : "Package '" + packageName + "' has a version '" + existing + "' already, which differs from '"
                                + requested + "' only by case; version names are compared ignoring case.";
        return new DistributorException(ErrorCode.VERSION_EXISTS, message, Map.of("field", "version"));
    }

    static Uni<CreatedVersion> withFiles(VersionService versions, VersionOf created) {
        return versions.filesOf(List.of(created.version().id))
                .map(files -> new CreatedVersion(created, files.get(0)));
    }
}
