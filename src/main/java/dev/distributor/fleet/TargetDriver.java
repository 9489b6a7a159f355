package dev.distributor.fleet;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.domain.DriverKind;

/**
 * How commands reach targets. Callers work in two phases so that no driver call happens while their transaction holds
 * row locks: {@link #record} writes the command in the caller's transaction, and after commit {@link #send} delivers
 * what was recorded. A restart re-sends commands recorded but never sent ({@link #resendUnsent}).
 */
public interface TargetDriver {

    DriverKind kind();

    /** Writes the command in the caller's session and transaction; nothing leaves the service yet. */
    Uni<UUID> record(Mutiny.Session session, CommandSpec command);

    /**
     * Writes many commands in the caller's session and transaction; returns their ids in the order given. Drivers
     * should override it with a statement per batch rather than a round trip per command: a transaction that holds a
     * rollout's row lock must not last one database round trip per target (issue 21).
     */
    default Uni<List<UUID>> recordAll(Mutiny.Session session, List<CommandSpec> commands) {
        return Multi.createFrom().iterable(commands)
                .onItem().transformToUniAndConcatenate(command -> record(session, command))
                .collect().asList();
    }

    /** Delivers recorded commands; call after the recording transaction committed. Safe to repeat. */
    Uni<Void> send(List<UUID> commandIds);

    /** Sends every command recorded more than {@code olderThanSeconds} ago and never sent. */
    Uni<Integer> resendUnsent(int olderThanSeconds);

    /** Reads the state of recorded commands in the caller's session; unknown ids are left out. */
    Uni<List<CommandObservation>> observe(Mutiny.Session session, Collection<UUID> commandIds);

    /**
     * Withdraws commands no host has started, in the caller's transaction; returns the ids withdrawn. A command already
     * running is left to finish and report.
     */
    Uni<List<UUID>> withdraw(Mutiny.Session session, Collection<UUID> commandIds);

    /**
     * Gives up running commands whose host went silent past every time limit, in the caller's transaction: they end
     * TIMED_OUT, so the host can take new commands when it comes back; a late report from it is only audited.
     */
    Uni<Void> abandon(Mutiny.Session session, Collection<UUID> commandIds);
}
