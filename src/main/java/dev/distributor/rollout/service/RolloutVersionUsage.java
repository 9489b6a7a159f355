package dev.distributor.rollout.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.VersionUsage;

/** A version a run is installing, or a planned run has pinned, cannot be deleted or deprecated under it. */
@ApplicationScoped
public class RolloutVersionUsage implements VersionUsage {

    @Override
    public Uni<String> reasonInUse(Mutiny.Session session, String packageName, String version) {
        return session.createNativeQuery("""
                select cast(r.id as text) from rollout r join deployment d on d.id = r.deployment_id
                where d.package_name = :package
                  and ((r.state in ('RUNNING', 'PAUSED') and r.version = :version)
                       or (r.state = 'PLANNED' and d.version_spec = :version))
                limit 1
                """, String.class)
                .setParameter("package", packageName)
                .setParameter("version", version)
                .getResultList()
                .map(ids -> ids.isEmpty() ? null : "rollout " + ids.get(0) + " uses it");
    }
}
