package dev.distributor.catalog.service;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.artifact.ArtifactConfig;
import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.catalog.artifact.Hashing;
import dev.distributor.catalog.authoring.InstallerSignature;
import dev.distributor.catalog.authoring.PlatformEntry;
import dev.distributor.catalog.authoring.SimplePackagePlan;
import dev.distributor.catalog.authoring.SimplePackagePlan.PlannedZip;
import dev.distributor.common.VertxContexts;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Names;
import dev.distributor.common.error.Texts;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/**
 * AWS's "Simple" creation: from one uploaded installer and a list of platforms, generate the zips with their install,
 * uninstall and update scripts, store them, and add a DRAFT version through the same checks as any other version, so
 * the publisher can read the generated scripts before publishing.
 */
@ApplicationScoped
public class SimplePackageService {

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final ArtifactStore store;
    private final ArtifactConfig config;
    private final PackageService packages;
    private final VersionService versions;

    public SimplePackageService(AccessControl access, UnitOfWork unitOfWork, ArtifactStore store, ArtifactConfig config,
            PackageService packages,
            VersionService versions) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.store = store;
        this.config = config;
        this.packages = packages;
        this.versions = versions;
    }

    /** What createSimplePackage takes. The package is created with description and publisher when missing. */
    public record SimpleRequest(String packageName, String version, String description, String publisher,
            String installerFileName, String installerSha256, List<PlatformEntry> entries) {
    }

    /** The draft version, and what the plan wants the publisher to know (platform table, `_any`, ...). */
    public record SimpleResult(VersionOf version, List<String> warnings) {
    }

    public Uni<SimpleResult> create(SimpleRequest request) {
        // Access first: a caller who may not publish is refused as such, whatever the request holds.
        return access.require(Permission.PUBLISH, "package.create").chain(actor -> createChecked(request));
    }

    private Uni<SimpleResult> createChecked(SimpleRequest request) {
        SimplePackagePlan plan = SimplePackagePlan.create(request.packageName(), request.version(),
                request.installerFileName(), request.entries());
        String installerSha = Names.sha256("installer.sha256", request.installerSha256());
        // Checked before any work, though only a new package uses them: a refusal then costs nothing.
        Texts.description("description", request.description(), 1024);
        Texts.oneLine("publisher", request.publisher(), 256);
        Map<String, String> staged = new LinkedHashMap<>();
        return withTempDir(dir -> fetchInstaller(installerSha, plan.installerFileName(), dir)
                .call(installer -> VertxContexts.blocking(() -> {
                    InstallerSignature.verify(plan.kind(), installer, plan.installerFileName());
                    return null;
                }))
                .chain(installer -> storeZips(plan, installer, dir, staged)))
                .call(() -> ensurePackage(request))
                .chain(shas -> versions.add(plan.packageName(), plan.version(), plan.manifestJson(shas), false))
                // add() cleans up after its own refusals; this covers those before it, and the installer.
                // After a success the installer stays staged, so the same upload can generate other
                // versions, until the staging sweep (or the bucket's lifecycle rule) removes it.
                .onFailure().call(() -> store.discardStaged(concat(staged.values(), installerSha)))
                .map(version -> new SimpleResult(version, plan.warnings()));
    }

    /**
     * The installer from its staged upload, or from the artifact store when these bytes are a verified artifact
     * already (requestArtifactUpload then answered alreadyStored, so nothing was staged). Hash-checked either way.
     */
    private Uni<Path> fetchInstaller(String sha256, String fileName, Path dir) {
        String staging = ArtifactStore.stagingKeyFor(sha256);
        String kept = ArtifactStore.keyFor(sha256);
        return store.sizeOf(staging)
                .chain(size -> size.isPresent()
                        ? Uni.createFrom().item(Optional.of(new StoredObject(staging, size.get())))
                        : store.sizeOf(kept).map(other -> other.map(s -> new StoredObject(kept, s))))
                .chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().failure(new DistributorException(ErrorCode.ARTIFACT_NOT_UPLOADED,
                                "Installer '" + fileName + "' (sha256 " + sha256 + ") has not been uploaded. Call "
                                        + "requestArtifactUpload with its name, size and sha256, and PUT it first.",
                                Map.of("field", "installer")));
                    }
                    return download(found.get(), sha256, fileName, dir);
                });
    }

    private record StoredObject(String key, long size) {
    }

    private Uni<Path> download(StoredObject installer, String sha256, String fileName, Path dir) {
        long max = config.artifact().maxSize().asLongValue();
        if (installer.size() > max) {
            return Uni.createFrom().failure(new DistributorException(ErrorCode.ZIP_TOO_LARGE,
                    "Installer '" + fileName + "' is " + installer.size() + " bytes; the limit is " + max + ".",
                    Map.of("field", "installer")));
        }
        Path target = dir.resolve("installer").resolve(fileName);
        return VertxContexts.blocking(() -> Files.createDirectories(target.getParent()))
                .chain(() -> store.download(installer.key(), target))
                .call(file -> VertxContexts.blocking(() -> Hashing.sha256Of(file)).invoke(actual -> {
                    if (!actual.equals(sha256)) {
                        throw new DistributorException(ErrorCode.CHECKSUM_MISMATCH, "Installer '" + fileName
                                + "' hashes to " + actual + ", not the sha256 given (" + sha256 + ").",
                                Map.of("field", "installer.sha256"));
                    }
                }));
    }

    /**
     * Builds each planned zip and stages it content-addressed, recording each in {@code staged} as it goes; returns
     * zip name -> sha256. Zips the service holds already are staged too: addPackageVersion keeps the stored artifact
     * and drops the spare upload.
     */
    private Uni<Map<String, String>> storeZips(SimplePackagePlan plan, Path installer, Path dir,
            Map<String, String> staged) {
        return Multi.createFrom().iterable(plan.zips())
                .onItem().transformToUniAndConcatenate(zip -> VertxContexts.blocking(() -> build(zip, installer, dir))
                        .chain(file -> VertxContexts.blocking(() -> Hashing.sha256Of(file))
                                .invoke(sha -> staged.put(zip.fileName(), sha))
                                .call(sha -> store.stage(sha, file))))
                .collect().last()
                .replaceWith(() -> Map.copyOf(staged));
    }

    private static Path build(PlannedZip zip, Path installer, Path dir) throws IOException {
        Path file = dir.resolve(zip.fileName());
        try (OutputStream out = Files.newOutputStream(file)) {
            zip.write(installer, out);
        }
        return file;
    }

    private Uni<Void> ensurePackage(SimpleRequest request) {
        return packages.find(request.packageName()).chain(existing -> existing != null
                ? Uni.createFrom().voidItem()
                : packages.create(new NewPackage(request.packageName(), request.description(), request.publisher(),
                        Map.of()))
                        .replaceWithVoid()
                        // Another request may have created it meanwhile; that is what we wanted.
                        .onFailure(e -> e instanceof DistributorException d && d.code() == ErrorCode.PACKAGE_EXISTS)
                        .recoverWithNull());
    }

    private static List<String> concat(Collection<String> hashes, String more) {
        List<String> all = new ArrayList<>(hashes);
        all.add(more);
        return all;
    }

    private static <T> Uni<T> withTempDir(Function<Path, Uni<T>> work) {
        return VertxContexts.blocking(() -> Files.createTempDirectory("distributor-simple-"))
                .chain(dir -> work.apply(dir)
                        .onTermination().call(() -> VertxContexts.blocking(() -> Hashing.deleteTree(dir))));
    }
}
