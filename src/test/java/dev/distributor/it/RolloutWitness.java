package dev.distributor.it;

import java.util.Set;

/**
 * Something that follows a rollout from outside the replica driving it and, once the run has ended, checks it saw the
 * whole run. {@link TwoReplicasIT} lets every witness in its list {@link #watch} before the run starts (a live feed
 * must be listening by then) and {@link #verify} after it succeeded; a witness reading a subscription on the other
 * replica joins that list.
 */
interface RolloutWitness extends AutoCloseable {

    /** Called after the deployment is created and before {@code startRollout}. */
    void watch(String rolloutId);

    /**
     * Called once the run SUCCEEDED; fails (AssertionError) unless the witness saw every target succeed once.
     *
     * @param instanceIds every target of the run
     */
    void verify(String rolloutId, Set<String> instanceIds);

    @Override
    default void close() {
    }
}
