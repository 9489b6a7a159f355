package dev.distributor.agent;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import dev.distributor.agent.queue.CommandWakeups;
import dev.distributor.agent.repository.AgentCommandRepository;
import dev.distributor.common.work.StartupGate;
import dev.distributor.fleet.CommandObservation;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.fleet.TargetDriver;
import dev.distributor.fleet.domain.DriverKind;

/**
 * Commands for built-in agents, in the {@code agent_command} table that their polls read.
 *
 * <p>
 * The rollout engine reaches it through the {@link TargetDriver} port: {@link #send} inserts the issued commands as
 * QUEUED and NOTIFYs each host's polls once, in one statement; a command sent again is not inserted twice, and one
 * withdrawn first stays withdrawn (its row is written CANCELLED). Operators' single commands
 * ({@code AgentCommandService}) are written with their audit row by {@link #record} and sent after commit by
 * {@link #sendRecorded}; a command recorded but never sent (a crash between the two) is sent by
 * {@link #resendUnsent}, at start and every 30 s.
 */
@ApplicationScoped
public class AgentDriver implements TargetDriver {

    private static final Logger LOG = Logger.getLogger(AgentDriver.class);
    /** Commands left unsent this long are assumed orphaned by a crash between commit and send. */
    private static final int ORPHANED_AFTER_SECONDS = 30;

    private final AgentCommandRepository commands;

    public AgentDriver(AgentCommandRepository commands) {
        this.commands = commands;
    }

    @Override
    public DriverKind kind() {
        return DriverKind.AGENT;
    }

    @Override
    public Uni<Void> send(List<IssuedCommand> issued) {
        return commands.insertSent(issued, CommandWakeups.CHANNEL);
    }

    @Override
    public Uni<List<CommandObservation>> observe(Collection<UUID> commandIds) {
        return commands.observe(commandIds);
    }

    @Override
    public Uni<List<UUID>> withdraw(List<IssuedCommand> issued) {
        return commands.withdraw(issued);
    }

    @Override
    public Uni<Void> abandon(Collection<UUID> commandIds) {
        return commands.abandon(commandIds);
    }

    /**
     * Writes an operator's single command in the caller's session and transaction (with its audit row), unsent: no
     * poll delivers it until {@link #sendRecorded} (after commit) or {@link #resendUnsent} marks it sent.
     */
    public Uni<UUID> record(Mutiny.Session session, CommandSpec command) {
        return commands.insert(session, command);
    }

    /** Marks recorded commands sent and NOTIFYs each host's polls once; call after the recording committed. */
    public Uni<Void> sendRecorded(List<UUID> commandIds) {
        return commands.markSent(commandIds, CommandWakeups.CHANNEL);
    }

    /** Sends every command recorded more than {@code olderThanSeconds} ago and never sent; returns how many. */
    public Uni<Integer> resendUnsent(int olderThanSeconds) {
        return commands.markUnsentSent(olderThanSeconds, CommandWakeups.CHANNEL);
    }

    void resendAtStart(@Observes StartupEvent start, StartupGate gate) {
        gate.whenOpen(() -> resendUnsent(0).subscribe().with(
                count -> LOG.infof("Sent %d agent command(s) recorded but never sent", count),
                failure -> LOG.warn("Could not send unsent agent commands at start; the scheduled job retries",
                        failure)));
    }

    @Scheduled(skipExecutionIf = StartupGate.Closed.class, every = "30s", delayed = "30s", identity = "agent-resend-unsent", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resendOrphaned() {
        return resendUnsent(ORPHANED_AFTER_SECONDS)
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Sent %d orphaned agent command(s)", count);
                    }
                })
                .onFailure().invoke(e -> LOG.warn("Resending unsent agent commands failed", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
