package dev.distributor.agent.repository;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * What the agent feature reads of the fleet's {@code target} table, always in the caller's transaction: the queue's
 * per-host lock and whether a host takes agent commands. The installed state a finished command leaves behind is the
 * fleet's ({@code fleet/service/CommandOutcomes}), shared with the SSM driver.
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
}
