package dev.distributor.fleet.repository;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.domain.InstalledPackageState;

/**
 * Writes to the {@code installed_package} table from what agents report (reads live in {@link TargetRepository}).
 * Every method runs in the caller's {@link Mutiny.Session}, so the inventory and its audit row commit together.
 */
@ApplicationScoped
public class InstalledPackageRepository {

    /**
     * Records each reported package (name to version) on the target, BROKEN when {@code broken} names it and
     * INSTALLED otherwise, one statement at a time on the session (never in parallel). A package already known keeps
     * its arguments hash only if its version is unchanged and it is not broken.
     */
    public Uni<Void> upsertReported(Mutiny.Session session, String instanceId, Map<String, String> installed,
            Set<String> broken) {
        return Multi.createFrom().iterable(installed.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> session.createNativeQuery("""
                        insert into installed_package (instance_id, package_name, version, status)
                        values (:instanceId, :packageName, :version, :status)
                        on conflict (instance_id, package_name) do update
                          set version = excluded.version,
                              arguments_hash = case when installed_package.version = excluded.version
                                                     and excluded.status = 'INSTALLED'
                                                    then installed_package.arguments_hash end,
                              status = excluded.status,
                              updated_at = now()
                        """)
                        .setParameter("instanceId", instanceId)
                        .setParameter("packageName", entry.getKey())
                        .setParameter("version", entry.getValue())
                        .setParameter("status", (broken.contains(entry.getKey())
                                ? InstalledPackageState.BROKEN
                                : InstalledPackageState.INSTALLED).name())
                        .executeUpdate())
                .collect().last()
                .replaceWithVoid();
    }

    /** Deletes the target's rows for every package not in {@code reported} (all of them when it is empty). */
    public Uni<Void> deleteUnreported(Mutiny.Session session, String instanceId, Collection<String> reported) {
        return session.createNativeQuery("""
                delete from installed_package
                where instance_id = :instanceId
                  and not (package_name = any (cast(string_to_array(:names, ',') as text[])))
                """)
                .setParameter("instanceId", instanceId)
                .setParameter("names", String.join(",", reported))
                .executeUpdate()
                .replaceWithVoid();
    }
}
