package dev.distributor.catalog.repository;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.domain.PackageVersionEntity;
import dev.distributor.catalog.domain.VersionFileEntity;

/** Versions and their files. Batch methods answer many parents with one IN query. */
@ApplicationScoped
public class VersionRepository {

    /**
     * The version named {@code version} ignoring case, as package names are: versions of one package are unique
     * ignoring case (index {@code package_version_ci}, V11), so {@code 1.10.0-rc1} finds {@code 1.10.0-RC1}; callers
     * carry on with the stored spelling, {@code PackageVersionEntity.version}.
     */
    public Uni<PackageVersionEntity> find(Mutiny.Session session, long packageId, String version) {
        return session.createSelectionQuery(
                "from PackageVersionEntity where packageId = :pkg and lower(version) = lower(:version)",
                PackageVersionEntity.class)
                .setParameter("pkg", packageId)
                .setParameter("version", version)
                .getSingleResultOrNull();
    }

    /** Versions of many packages, newest first within each package. */
    public Uni<List<PackageVersionEntity>> forPackages(Mutiny.Session session, Collection<Long> packageIds) {
        return session.createSelectionQuery(
                "from PackageVersionEntity where packageId in :ids order by packageId, createdAt desc, id desc",
                PackageVersionEntity.class)
                .setParameter("ids", packageIds)
                .getResultList();
    }

    public Uni<List<VersionFileEntity>> filesOf(Mutiny.Session session, Collection<Long> versionIds) {
        return session.createSelectionQuery("from VersionFileEntity where versionId in :ids order by fileName",
                VersionFileEntity.class)
                .setParameter("ids", versionIds)
                .getResultList();
    }

    public Uni<Long> countForPackage(Mutiny.Session session, long packageId) {
        return session.createSelectionQuery("select count(*) from PackageVersionEntity where packageId = :pkg",
                Long.class)
                .setParameter("pkg", packageId)
                .getSingleResult();
    }
}
