package dev.distributor.agent.queue;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.agent.domain.AgentCommandLifecycle;
import dev.distributor.agent.domain.AgentCommandLifecycle.Event;
import dev.distributor.agent.domain.AgentCommandState;
import dev.distributor.fleet.TargetLifecycle;

/**
 * A deregistered host will never poll again: commands waiting for it are cancelled with the deregistration, and every
 * replica is told (at commit) to drop the host's cached token and end its held polls.
 */
@ApplicationScoped
public class CancelOnDeregistration implements TargetLifecycle {

    private static final String CANCEL = """
            update agent_command
               set state = '%s', step = 'target-deregistered', finished_at = now()
             where instance_id = :id and state in (%s)
            """.formatted(AgentCommandLifecycle.to(Event.WITHDRAW),
            AgentCommandState.sqlList(AgentCommandLifecycle.from(Event.WITHDRAW)));

    @Override
    public Uni<Void> deregistered(Mutiny.Session session, String instanceId) {
        return session.createNativeQuery(CANCEL)
                .setParameter("id", instanceId)
                .executeUpdate()
                .chain(() -> session.createNativeQuery("select pg_notify(:channel, :id) is null")
                        .setParameter("channel", CommandWakeups.REVOKED_CHANNEL)
                        .setParameter("id", instanceId)
                        .getSingleResult())
                .replaceWithVoid();
    }
}
