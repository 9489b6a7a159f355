package dev.distributor.catalog.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.domain.PackageEntity;
import dev.distributor.catalog.domain.PackageFilter;
import dev.distributor.catalog.domain.PackageVersionEntity;
import dev.distributor.catalog.domain.VersionState;
import dev.distributor.catalog.manifest.Platforms;
import dev.distributor.catalog.repository.PackageRepository;
import dev.distributor.catalog.repository.VersionRepository;
import dev.distributor.common.Tags;
import dev.distributor.common.Timestamps;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Names;
import dev.distributor.common.error.Texts;
import dev.distributor.common.graphql.Page;
import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/** Packages: create, find, list, choose the default version, delete. */
@ApplicationScoped
public class PackageService {

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final PackageRepository packages;
    private final VersionRepository versions;
    private final VersionUsageCheck usage;

    public PackageService(AccessControl access, UnitOfWork unitOfWork, PackageRepository packages,
            VersionRepository versions,
            VersionUsageCheck usage) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.packages = packages;
        this.versions = versions;
        this.usage = usage;
    }

    public record PackagePage(List<PackageEntity> items, Page.Slice<PackageEntity> slice, long totalCount) {
    }

    public Uni<PackageEntity> create(NewPackage input) {
        return access.require(Permission.PUBLISH, "package.create").chain(caller -> create(caller, input));
    }

    private Uni<PackageEntity> create(Actor caller, NewPackage input) {
        String name = Names.packageName("name", input.name());
        Map<String, String> tags = Tags.check("tags", input.tags());
        Texts.description("description", input.description(), 1024);
        Texts.oneLine("publisher", input.publisher(), 256);
        return unitOfWork.change(caller, "package.create", "package/" + name,
                (session, actor) -> packages
                        .findByName(session, name)
                        .chain(existing -> {
                            if (existing != null) {
                                return Uni.createFrom()
                                        .failure(new DistributorException(ErrorCode.PACKAGE_EXISTS,
                                                "A package named '" + existing.name + "' exists already.",
                                                Map.of("field", "name")));
                            }
                            var entity = new PackageEntity();
                            entity.name = name;
                            entity.description = input.description();
                            entity.publisher = input.publisher();
                            entity.tags = tags;
                            entity.createdAt = Timestamps.now();
                            entity.updatedAt = entity.createdAt;
                            return session.persist(entity).call(session::flush).replaceWith(entity);
                        }),
                created -> Map.of("tags", created.tags));
    }

    /** AWS Distributor's platform list, to any viewer. */
    public Uni<List<Platforms.PlatformInfo>> platforms() {
        return access.require(Permission.VIEW, "platform.list").map(viewer -> Platforms.all());
    }

    public Uni<PackageEntity> find(String name) {
        return access.require(Permission.VIEW, "package.find")
                .map(viewer -> Names.packageName("name", name))
                .chain(checked -> unitOfWork.read(session -> packages.findByName(session, checked)));
    }

    public Uni<PackagePage> list(PackageFilter filter, Page page) {
        return Uni.createFrom().item(() -> checked(filter)).chain(checked -> search(checked, page));
    }

    /** Filter values reach SQL (a LIKE prefix, equality), so each is held to the rule of what it filters. */
    private static PackageFilter checked(PackageFilter filter) {
        if (filter.namePrefix() != null && !filter.namePrefix().isEmpty()) {
            Names.namePrefix("filter.namePrefix", filter.namePrefix());
        }
        Texts.oneLine("filter.publisher", filter.publisher(), 256);
        Tags.checkFilter("filter.tag", filter.tag());
        return filter;
    }

    private Uni<PackagePage> search(PackageFilter filter, Page page) {
        return access.require(Permission.VIEW, "package.list").chain(
                viewer -> unitOfWork.read(session -> packages.search(session, filter, page.afterKey(), page.fetchSize())
                        .chain(rows -> packages.count(session, filter).map(total -> {
                            var slice = page.slice(rows, p -> p.name);
                            return new PackagePage(slice.items(), slice, total);
                        }))));
    }

    /** Versions of each package, in the order of {@code packageIds}, newest first. One query for all. */
    public Uni<List<List<PackageVersionEntity>>> versionsOfIds(List<Long> packageIds, VersionState state) {
        if (packageIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return access.require(Permission.VIEW, "package.versions")
                .chain(viewer -> unitOfWork.read(session -> versions.forPackages(session, packageIds))).map(rows -> {
                    Map<Long, List<PackageVersionEntity>> byPackage = new LinkedHashMap<>();
                    for (var row : rows) {
                        if (state == null || row.state == state) {
                            byPackage.computeIfAbsent(row.packageId, id -> new ArrayList<>()).add(row);
                        }
                    }
                    return packageIds.stream().map(id -> byPackage.getOrDefault(id, List.of())).toList();
                });
    }

    public Uni<PackageEntity> setDefaultVersion(String name, String version) {
        // The audit row carries the default before and after the change (null before a first default).
        Map<String, Object> details = new LinkedHashMap<>();
        return access.require(Permission.PUBLISH, "package.setDefaultVersion")
                .invoke(caller -> {
                    Names.packageName("packageName", name);
                    Names.versionName("version", version);
                })
                .chain(caller -> unitOfWork.change(caller, "package.setDefaultVersion", "package/" + name,
                        (session, actor) -> require(session, name)
                                .chain(pkg -> requireVersion(session, pkg, version).map(v -> {
                                    if (v.state != VersionState.PUBLISHED) {
                                        throw new DistributorException(ErrorCode.INVALID_STATE, "Version '" + version
                                                + "' is " + v.state + "; only a PUBLISHED version can be the default.");
                                    }
                                    details.put("before", pkg.defaultVersion);
                                    // The stored spelling: lookups ignore case, the default names the version as it is.
                                    details.put("after", v.version);
                                    pkg.defaultVersion = v.version;
                                    pkg.updatedAt = Timestamps.now();
                                    return pkg;
                                })),
                        pkg -> details));
    }

    public Uni<Boolean> delete(String name) {
        return access.require(Permission.PUBLISH, "package.delete")
                .invoke(caller -> Names.packageName("name", name))
                .chain(caller -> unitOfWork.change(caller, "package.delete", "package/" + name,
                        (session, actor) -> require(session, name)
                                .call(pkg -> usage.firstReasonForPackage(session, pkg).invoke(reason -> {
                                    if (reason != null) {
                                        throw new DistributorException(ErrorCode.PACKAGE_IN_USE,
                                                "Package '" + name + "' cannot be deleted: " + reason + ".");
                                    }
                                }))
                                .call(pkg -> packages.delete(session, pkg))
                                .replaceWith(Boolean.TRUE),
                        deleted -> Map.of()));
    }

    /** The package, or PACKAGE_NOT_FOUND; INVALID_NAME before any query when the name breaks the naming rule. */
    public Uni<PackageEntity> require(Mutiny.Session session, String name) {
        return Uni.createFrom()
                .item(() -> Names.packageName("packageName", name))
                .chain(checked -> packages.findByName(session, checked))
                .map(pkg -> {
                    if (pkg == null) {
                        throw new DistributorException(ErrorCode.PACKAGE_NOT_FOUND,
                                "No package is named '" + name + "'.",
                                Map.of("field", "packageName"));
                    }
                    return pkg;
                });
    }

    /** The version of the package, or VERSION_NOT_FOUND; INVALID_NAME before any query for a malformed name. */
    public Uni<PackageVersionEntity> requireVersion(Mutiny.Session session, PackageEntity pkg, String version) {
        return Uni.createFrom()
                .item(() -> Names.versionName("version", version))
                .chain(checked -> versions.find(session, pkg.id, checked))
                .map(v -> {
                    if (v == null) {
                        throw new DistributorException(ErrorCode.VERSION_NOT_FOUND,
                                "Package '" + pkg.name + "' has no version '" + version + "'.",
                                Map.of("field", "version"));
                    }
                    return v;
                });
    }

}
