package dev.distributor.catalog.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.catalog.artifact.ArtifactVerifier;
import dev.distributor.catalog.domain.ArtifactEntity;
import dev.distributor.catalog.domain.ArtifactScript;
import dev.distributor.catalog.domain.PackageEntity;
import dev.distributor.catalog.domain.PackageVersionEntity;
import dev.distributor.catalog.domain.VersionFileEntity;
import dev.distributor.catalog.domain.VersionState;
import dev.distributor.catalog.manifest.FileSelection;
import dev.distributor.catalog.manifest.FileSelector;
import dev.distributor.catalog.manifest.Manifest;
import dev.distributor.catalog.manifest.ManifestParser;
import dev.distributor.catalog.manifest.StoredManifest;
import dev.distributor.catalog.repository.ArtifactRepository;
import dev.distributor.catalog.repository.VersionRepository;
import dev.distributor.common.Timestamps;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Names;
import dev.distributor.common.error.Texts;
import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/** Package versions: add from a manifest, publish, deprecate, delete, and answer which file a host would get. */
@ApplicationScoped
public class VersionService {

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final PackageService packages;
    private final VersionRepository versions;
    private final ArtifactRepository artifacts;
    private final ArtifactVerifier verifier;
    private final ArtifactStore store;
    private final VersionUsageCheck usage;

    public VersionService(AccessControl access, UnitOfWork unitOfWork, PackageService packages,
            VersionRepository versions,
            ArtifactRepository artifacts, ArtifactVerifier verifier, ArtifactStore store, VersionUsageCheck usage) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.packages = packages;
        this.versions = versions;
        this.artifacts = artifacts;
        this.verifier = verifier;
        this.store = store;
        this.usage = usage;
    }

    /**
     * Adds a DRAFT version (PUBLISHED when {@code publish}) after verifying every file the manifest names. Files new
     * to the service are read from staging only; when all of them and the scripts check pass, each is promoted to
     * {@code artifacts/sha256/<hex>} and the rows are inserted. Any refusal once the caller may publish deletes the
     * staged uploads of every file the manifest names, so a refused upload leaves no object behind. S3 is read before
     * the transaction opens, so no row is locked while objects download; the transaction then re-checks that the
     * version is still new.
     */
    public Uni<VersionOf> add(String packageName, String version, String manifestJson, boolean publish) {
        // Access first: a caller who may not publish is refused as such, whatever the manifest holds.
        return access.require(Permission.PUBLISH, "version.add")
                .chain(actor -> addChecked(actor, packageName, version, manifestJson, publish));
    }

    private Uni<VersionOf> addChecked(Actor actor, String packageName, String version, String manifestJson,
            boolean publish) {
        Names.packageName("packageName", packageName);
        Names.versionName("version", version);
        if (manifestJson == null || manifestJson.isBlank()) {
            throw DistributorException.invalidInput("manifest", "manifest is required: the AWS-format JSON document.");
        }
        Manifest manifest = ManifestParser.parse(manifestJson, version);
        String resource = "package/" + packageName + "/version/" + version;
        // Reads before the change: add() checked PUBLISH, which holds VIEW.
        return unitOfWork.read(session -> packages.require(session, packageName)
                .call(pkg -> versions.find(session, pkg.id, version).invoke(existing -> {
                    if (existing != null) {
                        throw VersionUploadService.versionExists(pkg.name, existing.version, version);
                    }
                }))
                .chain(pkg -> artifacts.findAll(session, manifest.files().values())))
                .chain(known -> verifyNew(manifest, known))
                .invoke(verified -> requireScripts(manifest, verified.all()))
                .call(verified -> promote(verified.fresh()))
                .chain(verified -> unitOfWork.change(actor, "version.add", resource,
                        (session, a) -> packages.require(session, packageName)
                                .chain(pkg -> insert(session, pkg, version, manifest, verified.all(),
                                        verified.fresh().keySet(), publish, a.subject())),
                        created -> Map.of("state", created.version().state.name(), "files",
                                List.copyOf(manifest.files().keySet())))
                        // Uploads of bytes the service held already (a multipart re-send, say) are spares.
                        .call(() -> store.discardStaged(verified.known())))
                .onFailure().call(() -> store.discardStaged(manifest.files().values()));
    }

    public Uni<VersionOf> publish(String packageName, String version) {
        return transition(packageName, version, "version.publish", VersionState.PUBLISHED);
    }

    public Uni<VersionOf> deprecate(String packageName, String version) {
        return transition(packageName, version, "version.deprecate", VersionState.DEPRECATED);
    }

    public Uni<Boolean> delete(String packageName, String version) {
        return access.require(Permission.PUBLISH, "version.delete")
                .chain(caller -> unitOfWork.change(caller, "version.delete",
                        "package/" + packageName + "/version/" + version,
                        (session, actor) -> packages.require(session, packageName)
                                .chain(pkg -> packages.requireVersion(session, pkg, version)
                                        .call(v -> usage.firstReason(session, pkg, version).invoke(reason -> {
                                            if (reason != null) {
                                                throw new DistributorException(ErrorCode.VERSION_IN_USE, "Version '"
                                                        + version + "' of '" + packageName + "' cannot be deleted: "
                                                        + reason
                                                        + ".");
                                            }
                                        })))
                                .call(session::remove)
                                .replaceWith(Boolean.TRUE),
                        deleted -> Map.of()));
    }

    /** The version, or null when the package or the version does not exist; INVALID_NAME for a malformed name. */
    public Uni<PackageVersionEntity> find(long packageId, String version) {
        return access.require(Permission.VIEW, "version.find")
                .map(viewer -> Names.versionName("version", version))
                .chain(checked -> unitOfWork.read(session -> versions.find(session, packageId, checked)));
    }

    /** Files of each version in the order given, with their artifacts. One query for files, one for artifacts. */
    public Uni<List<List<VersionFile>>> filesOf(List<Long> versionIds) {
        if (versionIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return access.require(Permission.VIEW, "version.files")
                .chain(viewer -> unitOfWork.read(session -> versions.filesOf(session, versionIds)
                        .chain(files -> artifacts
                                .findAll(session, files.stream().map(f -> f.sha256).distinct().toList())
                                .map(byHash -> {
                                    Map<Long, List<VersionFile>> grouped = new LinkedHashMap<>();
                                    for (VersionFileEntity f : files) {
                                        grouped.computeIfAbsent(f.versionId, id -> new ArrayList<>())
                                                .add(new VersionFile(f.versionId, f.fileName, byHash.get(f.sha256)));
                                    }
                                    return versionIds.stream().map(id -> grouped.getOrDefault(id, List.of())).toList();
                                }))));
    }

    /** Script texts of each artifact, in the order of {@code sha256s}; one query for all. */
    public Uni<List<List<ArtifactScript>>> scriptsOf(List<String> sha256s) {
        return access.require(Permission.VIEW, "version.scripts")
                .chain(viewer -> unitOfWork
                        .read(session -> artifacts.scriptsOf(session, sha256s.stream().distinct().toList())))
                .map(rows -> {
                    Map<String, List<ArtifactScript>> bySha = new LinkedHashMap<>();
                    rows.forEach(r -> bySha.computeIfAbsent(r.sha256(), k -> new ArrayList<>()).add(r));
                    return sha256s.stream().map(sha -> bySha.getOrDefault(sha, List.of())).toList();
                });
    }

    /**
     * Which file a host with these facts would get from the version (the package's default when {@code version} is
     * null), and why. The rollout plan uses the same {@link FileSelector}.
     */
    public Uni<FileSelection> select(String packageName, String version, String platform, String platformVersion,
            String arch) {
        requireFact("platform", platform);
        requireFact("platformVersion", platformVersion);
        requireFact("arch", arch);
        return access.require(Permission.VIEW, "version.selectFile")
                .chain(viewer -> unitOfWork.read(session -> packages.require(session, packageName).chain(pkg -> {
                    String chosen = version != null ? version : pkg.defaultVersion;
                    if (chosen == null) {
                        throw new DistributorException(ErrorCode.VERSION_NOT_FOUND, "Package '" + packageName
                                + "' has no default version yet; name a version or call setDefaultVersion.",
                                Map.of("field", "version"));
                    }
                    return packages.requireVersion(session, pkg, chosen);
                }))).map(v -> FileSelector.select(StoredManifest.read(v.manifest), platform,
                        platformVersion, arch));
    }

    private Uni<VersionOf> transition(String packageName, String version, String action,
            VersionState target) {
        // The audit row carries the state before and after (equal when the call repeated the current state), and the
        // package's new default when publishing made this version its first.
        Map<String, Object> details = new LinkedHashMap<>();
        return access.require(Permission.PUBLISH, action)
                .chain(caller -> unitOfWork.change(caller, action, "package/" + packageName + "/version/" + version,
                        (session, actor) -> packages.require(session, packageName)
                                .chain(pkg -> packages.requireVersion(session, pkg, version).invoke(v -> {
                                    if (target == VersionState.DEPRECATED && v.version.equals(pkg.defaultVersion)) {
                                        throw new DistributorException(ErrorCode.VERSION_IN_USE, "Version '" + version
                                                + "' is the default of '" + packageName
                                                + "'; set another default first.");
                                    }
                                    details.put("before", v.state.name());
                                    applyTransition(v, target);
                                    details.put("after", v.state.name());
                                    if (target == VersionState.PUBLISHED && pkg.defaultVersion == null) {
                                        pkg.defaultVersion = v.version;
                                        pkg.updatedAt = Timestamps.now();
                                        details.put("defaultVersion", v.version);
                                    }
                                }).map(v -> new VersionOf(pkg, v))),
                        result -> details));
    }

    /** The version state machine: DRAFT -> PUBLISHED <-> DEPRECATED; repeating the current state is a no-op. */
    private static void applyTransition(PackageVersionEntity v, VersionState target) {
        if (v.state == target) {
            return;
        }
        boolean allowed = switch (target) {
            case PUBLISHED -> v.state == VersionState.DRAFT || v.state == VersionState.DEPRECATED;
            case DEPRECATED -> v.state == VersionState.PUBLISHED;
            case DRAFT -> false;
        };
        if (!allowed) {
            throw new DistributorException(ErrorCode.INVALID_STATE, "Version '" + v.version + "' is " + v.state
                    + " and cannot become " + target + (v.state == VersionState.DRAFT
                            ? "; publish it first, or delete the draft."
                            : "."));
        }
        if (target == VersionState.PUBLISHED && v.publishedAt == null) {
            v.publishedAt = Timestamps.now();
        }
        v.state = target;
    }

    /**
     * The artifacts a version names: {@code all} by hash, {@code fresh} the hashes verified now from staging with the
     * ETag of the bytes read (to promote), {@code known} the hashes whose rows and objects the service holds already.
     */
    private record Verified(Map<String, ArtifactEntity> all, Map<String, String> fresh, List<String> known) {
    }

    /**
     * Verifies from staging every file without an artifact row, and every file whose row survived its object (a
     * restored database, an emptied bucket): a new upload of the same bytes restores it.
     */
    private Uni<Verified> verifyNew(Manifest manifest, Map<String, ArtifactEntity> known) {
        Map<String, ArtifactEntity> all = new LinkedHashMap<>();
        Map<String, String> fresh = new LinkedHashMap<>();
        List<String> held = new ArrayList<>();
        Map<String, String> firstNameOf = new LinkedHashMap<>();
        manifest.files().forEach((fileName, sha) -> firstNameOf.putIfAbsent(sha, fileName));
        // One file at a time: each is downloaded to disk and inflated, which is heavy enough to do serially.
        return Multi.createFrom().iterable(firstNameOf.entrySet())
                .onItem().transformToUniAndConcatenate(file -> {
                    String sha = file.getKey();
                    String fileName = file.getValue();
                    Uni<Boolean> stored = known.containsKey(sha)
                            ? store.sizeOf(ArtifactStore.keyFor(sha)).map(Optional::isPresent)
                            : Uni.createFrom().item(false);
                    return stored.chain(isStored -> {
                        if (isStored) {
                            held.add(sha);
                            all.put(sha, known.get(sha));
                            return Uni.createFrom().voidItem();
                        }
                        return verifier.verify(fileName, sha, "$.files['" + fileName + "']").invoke(verified -> {
                            fresh.put(sha, verified.stagedETag());
                            all.put(sha, verified.artifact());
                        }).replaceWithVoid();
                    });
                })
                .collect().last()
                .map(ignored -> new Verified(all, fresh, held));
    }

    /** Moves each verified upload (sha256 to the ETag read) from staging to its artifact key, one at a time. */
    private Uni<Void> promote(Map<String, String> verifiedETags) {
        return Multi.createFrom().iterable(verifiedETags.entrySet())
                .onItem().transformToUniAndConcatenate(e -> store.promote(e.getKey(), e.getValue()))
                .collect().last()
                .replaceWithVoid();
    }

    /** Each zip carries the install and uninstall scripts of every platform family that selects it. */
    private static void requireScripts(Manifest manifest, Map<String, ArtifactEntity> bySha) {
        manifest.files().forEach((fileName, sha) -> {
            ArtifactEntity artifact = bySha.get(sha);
            for (String platform : manifest.platformsOf(fileName)) {
                String ext = platform.equals("windows") ? ".ps1" : ".sh";
                for (String script : List.of("install" + ext, "uninstall" + ext)) {
                    if (!artifact.rootScripts.contains(script)) {
                        throw new DistributorException(ErrorCode.MISSING_SCRIPT, "File '" + fileName
                                + "' is used for platform '" + platform + "' but has no " + script
                                + " at the root of the zip.", Map.of("jsonPath", "$.files['" + fileName + "']"));
                    }
                }
            }
        });
    }

    private Uni<VersionOf> insert(Mutiny.Session session, PackageEntity pkg, String version,
            Manifest manifest, Map<String, ArtifactEntity> bySha, Set<String> fresh, boolean publish,
            String createdBy) {
        var entity = new PackageVersionEntity();
        entity.packageId = pkg.id;
        entity.version = version;
        entity.manifest = manifest.json();
        entity.state = publish ? VersionState.PUBLISHED : VersionState.DRAFT;
        entity.publishedAt = publish ? Timestamps.now() : null;
        entity.createdBy = createdBy;
        entity.createdAt = Timestamps.now();
        // Only rows of bytes verified in this request: a known row is never written again, so one the retention job
        // removed meanwhile (with its object) fails the version_file foreign key below instead of coming back
        // without its object (docs/OPERATIONS.md "Data retention").
        List<ArtifactEntity> needed = manifest.files().values().stream().distinct().filter(fresh::contains)
                .map(bySha::get).toList();
        return artifacts.insertMissing(session, needed)
                .chain(() -> session.persist(entity))
                .call(session::flush)
                // A concurrent request may have added the same version since the pre-check.
                .onFailure(ConstraintViolationException.class)
                .transform(e -> VersionUploadService.versionExists(pkg.name, null, version))
                .chain(() -> Multi.createFrom().iterable(manifest.files().entrySet())
                        .onItem().transformToUniAndConcatenate(file -> {
                            var row = new VersionFileEntity();
                            row.versionId = entity.id;
                            row.fileName = file.getKey();
                            row.sha256 = file.getValue();
                            return session.persist(row);
                        })
                        .collect().last())
                .call(session::flush)
                .onFailure(ConstraintViolationException.class)
                .transform(e -> new DistributorException(ErrorCode.ARTIFACT_NOT_UPLOADED, "A file of version '"
                        + version + "' was removed by data retention while the version was being added; upload it "
                        + "again."))
                .invoke(() -> {
                    if (publish && pkg.defaultVersion == null) {
                        pkg.defaultVersion = version;
                        pkg.updatedAt = Timestamps.now();
                    }
                })
                .replaceWith(() -> new VersionOf(pkg, entity));
    }

    private static void requireFact(String field, String value) {
        if (value == null || value.isBlank() || value.length() > 128) {
            throw DistributorException.invalidInput(field, field + " is required (at most 128 characters).");
        }
        Texts.oneLine(field, value, 128);
    }
}
