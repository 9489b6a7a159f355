package dev.distributor.fleet;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.domain.DriverKind;

/**
 * How commands reach targets: the port every driver implements ({@code agent} now, {@code ssm} later). It takes and
 * returns plain records and knows nothing of the caller's database session, so a driver can be written and tested
 * without one (DESIGN.md §7).
 *
 * <p>
 * The caller is the outbox: it records each command's id with its invocation in its own transaction and calls
 * {@link #send} only after that committed, so no driver call happens while its transaction holds row locks. A command
 * the caller recorded but the driver does not know (a crash between commit and send) is absent from {@link #observe};
 * the caller sends it again. Every method runs in the driver's own transaction and is safe to repeat.
 */
public interface TargetDriver {

    DriverKind kind();

    /**
     * Delivers issued commands. Idempotent per command id: a command already received is not delivered again, and one
     * already {@link #withdraw withdrawn} stays withdrawn.
     */
    Uni<Void> send(List<IssuedCommand> commands);

    /** The state of commands this driver received; ids it never received are left out. */
    Uni<List<CommandObservation>> observe(Collection<UUID> commandIds);

    /**
     * Withdraws commands no host has started; returns the ids withdrawn. A command the driver never received counts as
     * withdrawn, and a later {@link #send} of it delivers nothing. A command already running is left to finish and
     * report.
     */
    Uni<List<UUID>> withdraw(List<IssuedCommand> commands);

    /**
     * Gives up running commands whose host went silent past every time limit: they end TIMED_OUT, so the host can take
     * new commands when it comes back; a late report from it is only audited.
     */
    Uni<Void> abandon(Collection<UUID> commandIds);
}
