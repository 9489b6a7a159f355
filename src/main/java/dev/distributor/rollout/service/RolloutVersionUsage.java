package dev.distributor.rollout.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.VersionUsage;
import dev.distributor.rollout.repository.RolloutRepository;

/** A version a run is installing, or a planned run has pinned, cannot be deleted or deprecated under it. */
@ApplicationScoped
public class RolloutVersionUsage implements VersionUsage {

    private final RolloutRepository rollouts;

    public RolloutVersionUsage(RolloutRepository rollouts) {
        this.rollouts = rollouts;
    }

    @Override
    public Uni<String> reasonInUse(Mutiny.Session session, String packageName, String version) {
        return rollouts.oneUsingVersion(session, packageName, version)
                .map(id -> id == null ? null : "rollout " + id + " uses it");
    }
}
