package dev.distributor.catalog.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.authoring.PlatformEntry;
import dev.distributor.catalog.domain.PackageFilter;
import dev.distributor.catalog.domain.VersionState;
import dev.distributor.catalog.manifest.FileSelector;
import dev.distributor.catalog.manifest.StoredManifest;
import dev.distributor.catalog.service.NewPackage;
import dev.distributor.catalog.service.PackageService;
import dev.distributor.catalog.service.SimplePackageService;
import dev.distributor.catalog.service.SimplePackageService.SimpleRequest;
import dev.distributor.catalog.service.UploadService;
import dev.distributor.catalog.service.VersionService;
import dev.distributor.common.Tags;
import dev.distributor.common.graphql.Page;

/** The catalog's GraphQL surface: thin, it validates shapes and maps; services do the work. */
@GraphQLApi
public class PackageApi {

    private final PackageService packages;
    private final VersionService versions;
    private final UploadService uploads;
    private final SimplePackageService simple;

    public PackageApi(PackageService packages, VersionService versions, UploadService uploads,
            SimplePackageService simple) {
        this.packages = packages;
        this.versions = versions;
        this.uploads = uploads;
        this.simple = simple;
    }

    @Query("packages")
    @Description("Packages ordered by name, a page at a time.")
    public Uni<@NonNull PackageConnection> listPackages(PackageFilterInput filter,
            @Description("Page size, 1-500 (default 50).") Integer first,
            @Description("Cursor of the last item already seen.") String after) {
        Page page = Page.of(first, after);
        PackageFilter criteria = filter == null
                ? PackageFilter.NONE
                : new PackageFilter(filter.namePrefix(), filter.publisher(), filter.tag());
        return packages.list(criteria, page).map(result -> new PackageConnection(
                result.slice().items().stream()
                        .map(p -> new PackageConnection.PackageEdge(Page.encode(p.name), CatalogMapper.toType(p)))
                        .toList(),
                result.slice().pageInfo(), Math.toIntExact(result.totalCount())));
    }

    @Query("package")
    @Description("The package with this exact name, or null.")
    public Uni<PackageType> findPackage(@NonNull String name) {
        return packages.find(name).map(p -> p == null ? null : CatalogMapper.toType(p));
    }

    @Query("platforms")
    @Description("AWS Distributor's supported platforms and architectures. Others are accepted with a warning.")
    public Uni<@NonNull List<@NonNull PlatformType>> platforms() {
        return packages.platforms().map(all -> all.stream()
                .map(p -> new PlatformType(p.code(), p.displayName(), p.architectures(), p.note()))
                .toList());
    }

    @Query("fileSelection")
    @Description("Which file a host with these facts would get from a version (the default when version is "
            + "omitted), and why.")
    public Uni<@NonNull FileChoice> fileSelection(@NonNull String packageName, String version,
            @NonNull String platform, @NonNull String platformVersion, @NonNull String arch) {
        return versions.select(packageName, version, platform, platformVersion, arch)
                .map(s -> CatalogMapper.toType(s, platform, arch));
    }

    @Description("Versions, newest first.")
    public Uni<List<@NonNull List<@NonNull PackageVersionType>>> versions(@Source List<PackageType> owners,
            @Description("Only versions in this state.") VersionState state) {
        var ids = owners.stream().map(PackageType::id).toList();
        return packages.versionsOfIds(ids, state).map(perPackage -> {
            var result = new java.util.ArrayList<List<PackageVersionType>>(owners.size());
            for (int i = 0; i < owners.size(); i++) {
                PackageType owner = owners.get(i);
                result.add(perPackage.get(i).stream().map(v -> CatalogMapper.toType(owner, v)).toList());
            }
            return result;
        });
    }

    @Description("One version by name, or null.")
    public Uni<PackageVersionType> version(@Source PackageType owner, @NonNull String version) {
        return versions.find(owner.id(), version).map(v -> v == null ? null : CatalogMapper.toType(owner, v));
    }

    @Description("The zips of this version.")
    public Uni<List<@NonNull List<@NonNull PackageFile>>> files(@Source List<PackageVersionType> owners) {
        return versions.filesOf(owners.stream().map(PackageVersionType::id).toList()).map(perVersion -> {
            var result = new java.util.ArrayList<List<PackageFile>>(owners.size());
            for (int i = 0; i < owners.size(); i++) {
                var manifest = StoredManifest.read(owners.get(i).manifest());
                result.add(perVersion.get(i).stream().map(f -> CatalogMapper.toType(f, manifest)).toList());
            }
            return result;
        });
    }

    @Description("The text of each script at the zip's root, to review what hosts will run before publishing.")
    public Uni<List<@NonNull List<@NonNull ScriptSource>>> scriptSources(@Source List<PackageFile> files) {
        return versions.scriptsOf(files.stream().map(PackageFile::sha256).toList())
                .map(perFile -> perFile.stream()
                        .map(scripts -> scripts.stream()
                                .map(s -> new ScriptSource(s.name(), s.content(), s.truncated()))
                                .toList())
                        .toList());
    }

    @Description("Manifest warnings: platforms or architectures outside AWS's table. They never block.")
    public @NonNull List<@NonNull String> warnings(@Source PackageVersionType owner) {
        return StoredManifest.read(owner.manifest()).warnings().stream()
                .map(w -> w.jsonPath() + ": " + w.message())
                .toList();
    }

    @Description("Which file of this version a host with these facts would get, and why.")
    public @NonNull FileChoice fileFor(@Source PackageVersionType owner, @NonNull String platform,
            @NonNull String platformVersion, @NonNull String arch) {
        var manifest = StoredManifest.read(owner.manifest());
        return CatalogMapper.toType(FileSelector.select(manifest, platform, platformVersion, arch), platform, arch);
    }

    @Mutation
    @Description("Creates an empty package. Add versions with addPackageVersion.")
    public Uni<@NonNull PackageType> createPackage(@NonNull CreatePackageInput input) {
        return packages.create(new NewPackage(input.name(), input.description(), input.publisher(),
                Tags.fromInputs("tags", input.tags()))).map(CatalogMapper::toType);
    }

    @Mutation
    @Description("AWS-style Simple creation: from one uploaded installer and a list of platforms, generates the "
            + "install, uninstall and update scripts, the zips and the manifest, and adds them as a DRAFT version.")
    public Uni<@NonNull SimplePackagePayload> createSimplePackage(@NonNull CreateSimplePackageInput input) {
        var entries = input.entries().stream()
                .map(e -> new PlatformEntry(e.platform(), e.platformVersion(), e.arch()))
                .toList();
        return simple.create(new SimpleRequest(input.packageName(), input.version(), input.description(),
                input.publisher(), input.installer().fileName(), input.installer().sha256(), entries))
                .map(result -> new SimplePackagePayload(CatalogMapper.toType(result.version()), result.warnings()));
    }

    @Mutation
    @Description("A presigned URL to PUT a file's bytes to the artifact store. Files are stored by content hash, "
            + "once however many versions use them.")
    public Uni<@NonNull ArtifactUpload> requestArtifactUpload(@NonNull RequestArtifactUploadInput input) {
        return uploads.requestUpload(input.fileName(), input.size(), input.sha256()).map(CatalogMapper::toType);
    }

    @Mutation
    @Description("Adds a version from an AWS-format manifest whose files were uploaded. Each file is read once from "
            + "the store and checked (sha256, zip safety, scripts) before anything is written.")
    public Uni<@NonNull PackageVersionType> addPackageVersion(@NonNull AddPackageVersionInput input) {
        return versions.add(input.packageName(), input.version(), input.manifest(),
                Boolean.TRUE.equals(input.publish())).map(CatalogMapper::toType);
    }

    @Mutation
    @Description("DRAFT or DEPRECATED -> PUBLISHED. Published versions are immutable and deployable.")
    public Uni<@NonNull PackageVersionType> publishVersion(@NonNull String packageName, @NonNull String version) {
        return versions.publish(packageName, version).map(CatalogMapper::toType);
    }

    @Mutation
    @Description("PUBLISHED -> DEPRECATED: kept where installed, no longer offered. Refused for the default.")
    public Uni<@NonNull PackageVersionType> deprecateVersion(@NonNull String packageName, @NonNull String version) {
        return versions.deprecate(packageName, version).map(CatalogMapper::toType);
    }

    @Mutation
    @Description("Deletes a version. Refused while it is the default or in use.")
    public Uni<@NonNull Boolean> deleteVersion(@NonNull String packageName, @NonNull String version) {
        return versions.delete(packageName, version);
    }

    @Mutation("setDefaultVersion")
    @Description("Chooses the PUBLISHED version that \"default\" means.")
    public Uni<@NonNull PackageType> setDefaultVersion(@NonNull String packageName, @NonNull String version) {
        return packages.setDefaultVersion(packageName, version).map(CatalogMapper::toType);
    }

    @Mutation
    @Description("Deletes a package and its versions. Refused while a version is in use. Stored artifacts stay "
            + "until retention clean-up, as other versions may share them.")
    public Uni<@NonNull Boolean> deletePackage(@NonNull @Name("name") String name) {
        return packages.delete(name);
    }
}
