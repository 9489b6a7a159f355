package dev.distributor.agent.repository;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.domain.InstalledPackageState;

/**
 * What the agent feature reads and writes of the fleet's tables ({@code target}, {@code installed_package}), always in
 * the caller's transaction: the queue's per-host lock, whether a host takes agent commands, and the installed state a
 * successful command leaves behind.
 */
@ApplicationScoped
public class AgentHostRepository {

    /**
     * Locks the host's target row until the transaction ends, so polls of one host are serialised and two replicas
     * never hand it two commands at once; {@code for no key update} leaves inserts referencing the row unblocked.
     */
    public Uni<Void> lockQueueOf(Mutiny.Session session, String instanceId) {
        return session
                .createNativeQuery("select instance_id from target where instance_id = :instance for no key update",
                        String.class)
                .setParameter("instance", instanceId)
                .getResultList()
                .replaceWithVoid();
    }

    /** Whether the instance is a registered, not deregistered, agent target. */
    public Uni<Boolean> isRegisteredAgent(Mutiny.Session session, String instanceId) {
        return session.createNativeQuery("""
                select instance_id from target
                where instance_id = :instance and driver = 'AGENT' and deregistered_at is null
                """, String.class)
                .setParameter("instance", instanceId)
                .getResultList()
                .map(found -> !found.isEmpty());
    }

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
