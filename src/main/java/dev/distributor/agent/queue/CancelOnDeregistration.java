package dev.distributor.agent.queue;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.TargetLifecycle;

/**
 * A deregistered host will never poll again: commands waiting for it are cancelled with the deregistration, and every
 * replica is told (at commit) to drop the host's cached token and end its held polls.
 */
@ApplicationScoped
public class CancelOnDeregistration implements TargetLifecycle {

    @Override
    public Uni<Void> deregistered(Mutiny.Session session, String instanceId) {
        return session.createNativeQuery("""
                update agent_command
                   set state = 'CANCELLED', step = 'target-deregistered', finished_at = now()
                 where instance_id = :id and state in ('QUEUED', 'DELIVERED')
                """)
                .setParameter("id", instanceId)
                .executeUpdate()
                .chain(() -> session.createNativeQuery("select pg_notify(:channel, :id) is null")
                        .setParameter("channel", CommandWakeups.REVOKED_CHANNEL)
                        .setParameter("id", instanceId)
                        .getSingleResult())
                .replaceWithVoid();
    }
}
