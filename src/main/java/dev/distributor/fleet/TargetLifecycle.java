package dev.distributor.fleet;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Told when a target leaves the fleet. Drivers sit above the fleet feature, so they implement this to drop what they
 * hold for the target (cached tokens, queued commands), in the transaction of the deregistration.
 */
public interface TargetLifecycle {

    Uni<Void> deregistered(Mutiny.Session session, String instanceId);
}
