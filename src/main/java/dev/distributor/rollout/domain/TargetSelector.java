package dev.distributor.rollout.domain;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.distributor.fleet.domain.TargetFilter;

/**
 * Where a deployment goes: every given list must match (instance ids, tag expressions {@code key=value} or
 * {@code key}, accounts, regions, platforms); an empty selector is refused, so no deployment reaches the whole fleet
 * by accident.
 */
// Stored as JSON by our ObjectMapper (DeploymentService): its accessors and constructor are read reflectively.
@RegisterForReflection
public record TargetSelector(
        List<String> instanceIds,
        List<String> tags,
        List<String> accounts,
        List<String> regions,
        List<String> platforms) {

    public boolean isEmpty() {
        return empty(instanceIds) && empty(tags) && empty(accounts) && empty(regions) && empty(platforms);
    }

    public TargetFilter toFilter() {
        return new TargetFilter(instanceIds, tags, platforms, null, null, accounts, regions, null, null, null);
    }

    private static boolean empty(List<String> values) {
        return values == null || values.isEmpty();
    }
}
