package dev.distributor.catalog;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Asked before a version is deleted or deprecated. The catalog cannot know about deployments or installations (those
 * features sit above it), so they implement this and the catalog consults every implementation.
 */
public interface VersionUsage {

    /** Why the version is in use, for the error message, or null when this user of versions does not hold it. */
    Uni<String> reasonInUse(Mutiny.Session session, String packageName, String version);
}
