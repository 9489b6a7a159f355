package dev.distributor.fleet.repository;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.domain.InstalledPackageState;

/**
 * The installed state a finished command leaves on its host ({@code installed_package}), written in the caller's
 * transaction by {@code fleet/service/CommandOutcomes} for every driver.
 */
@ApplicationScoped
public class InstalledStateRepository {

    /**
     * Records the package version as installed on the host (with its arguments' hash), replacing what was there;
     * returns the row recorded before, if any (read under the row's lock, so a concurrent change is not missed).
     */
    public Uni<Optional<Recorded>> recordInstalled(Mutiny.Session session, String instanceId, String packageName,
            String version, String argumentsHash) {
        return recorded(session, instanceId, packageName).call(() -> session.createNativeQuery("""
                insert into installed_package (instance_id, package_name, version, arguments_hash)
                values (:instance, :package, :version, :argumentsHash)
                on conflict (instance_id, package_name) do update
                  set version = excluded.version, arguments_hash = excluded.arguments_hash,
                      status = 'INSTALLED', updated_at = now()
                """)
                .setParameter("argumentsHash", argumentsHash)
                .setParameter("instance", instanceId)
                .setParameter("package", packageName)
                .setParameter("version", version)
                .executeUpdate());
    }

    /** A package's row as it was: its version and state. */
    public record Recorded(String version, InstalledPackageState state) {
    }

    /**
     * Records the package BROKEN on the host (a failed rollback), keeping the version recorded; without a row it
     * records {@code attempted}, the version that failed to install. The arguments hash goes, so nothing takes it for
     * installed. Returns the row as it was before, if any (read under the row's lock).
     */
    public Uni<Optional<Recorded>> recordBroken(Mutiny.Session session, String instanceId, String packageName,
            String attempted) {
        return recorded(session, instanceId, packageName)
                .call(() -> session.createNativeQuery("""
                        insert into installed_package (instance_id, package_name, version, arguments_hash, status)
                        values (:instance, :package, :version, null, 'BROKEN')
                        on conflict (instance_id, package_name) do update
                          set arguments_hash = null, status = 'BROKEN', updated_at = now()
                        """)
                        .setParameter("instance", instanceId)
                        .setParameter("package", packageName)
                        .setParameter("version", attempted)
                        .executeUpdate());
    }

    /** Records the package as no longer installed on the host; returns the row removed, if there was one. */
    public Uni<Optional<Recorded>> recordUninstalled(Mutiny.Session session, String instanceId, String packageName) {
        return session.createNativeQuery("""
                delete from installed_package where instance_id = :instance and package_name = :package
                returning version, status
                """, Tuple.class)
                .setParameter("instance", instanceId)
                .setParameter("package", packageName)
                .getResultList()
                .map(removed -> removed.stream().findFirst().map(row -> new Recorded(row.get("version", String.class),
                        InstalledPackageState.valueOf(row.get("status", String.class)))));
    }

    private Uni<Optional<Recorded>> recorded(Mutiny.Session session, String instanceId, String packageName) {
        return session.createNativeQuery("""
                select version, status from installed_package
                where instance_id = :instance and package_name = :package
                for update
                """, Tuple.class)
                .setParameter("instance", instanceId)
                .setParameter("package", packageName)
                .getResultList()
                .map(found -> found.stream().findFirst().map(row -> new Recorded(row.get("version", String.class),
                        InstalledPackageState.valueOf(row.get("status", String.class)))));
    }
}
