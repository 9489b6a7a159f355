package dev.distributor.agent.queue;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.agent.repository.AgentCommandRepository;
import dev.distributor.fleet.CommandObservation;
import dev.distributor.fleet.TargetLifecycle;

/**
 * A deregistered host will never poll or report again: its unfinished commands, waiting or running, are cancelled with
 * the deregistration (step {@value #STEP}; a rollout maps them to CANCELLED "target deregistered"), and every replica
 * is told (at commit) to drop the host's cached token and end its held polls.
 */
@ApplicationScoped
public class CancelOnDeregistration implements TargetLifecycle {

    /** The step of a command cancelled because its host was deregistered. */
    public static final String STEP = CommandObservation.TARGET_DEREGISTERED_STEP;

    private final AgentCommandRepository commands;

    public CancelOnDeregistration(AgentCommandRepository commands) {
        this.commands = commands;
    }

    @Override
    public Uni<Void> deregistered(Mutiny.Session session, String instanceId) {
        return commands.cancelUnfinished(session, instanceId, STEP)
                .chain(() -> session.createNativeQuery("select pg_notify(:channel, :id) is null")
                        .setParameter("channel", CommandWakeups.REVOKED_CHANNEL)
                        .setParameter("id", instanceId)
                        .getSingleResult())
                .replaceWithVoid();
    }
}
