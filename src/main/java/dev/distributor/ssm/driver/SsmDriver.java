package dev.distributor.ssm.driver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.arc.lookup.LookupIfProperty;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.ssm.SsmAsyncClient;

import dev.distributor.fleet.CommandObservation;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.fleet.TargetDriver;
import dev.distributor.fleet.domain.DriverKind;
import dev.distributor.ssm.client.SsmCalls;

/**
 * Commands for SSM-managed targets, carried out with AWS Systems Manager Run Command ({@code AWS-RunShellScript}
 * running the one-shot agent, {@code dev.distributor.ssm.command}). Visible to the rollout engine only when
 * {@code distributor.ssm.enabled=true}.
 *
 * <p>
 * A durable outbox, table {@code ssm_command}: {@link #send} only inserts the commands UNSENT and kicks the
 * {@link SsmSender}, which calls SendCommand outside any transaction; the {@link SsmPoller} maps SSM's invocation
 * statuses ({@link SsmStatusMapping}) into the rows {@link #observe} reads. Each command is one SendCommand with the
 * Comment {@code distributor:<command id>}, by which a send whose answer was lost is found again rather than sent
 * twice.
 *
 * <p>
 * {@link #withdraw}: an unsent (or never received) command is withdrawn at once and never sent; a sent one SSM tells
 * Pending or Delayed when asked (GetCommandInvocation, at the withdrawal: its instance offline, or busy with another
 * command) is cancelled with CancelCommand and counts as withdrawn once SSM accepted the cancel. Should the instance start it in between, SSM stops it (its
 * CancelCommand also stops running invocations); it then ends CANCELLED like any withdrawn command. Others are left to
 * finish. {@link #abandon} ends commands TIMED_OUT (step {@code no-report}) and asks SSM, best effort, to cancel them.
 * A deregistered target's commands end CANCELLED ({@link SsmDeregistrations}).
 */
@ApplicationScoped
@LookupIfProperty(name = "distributor.ssm.enabled", stringValue = "true")
public class SsmDriver implements TargetDriver {

    /** The prefix of the SSM Comment that names our command. */
    public static final String COMMENT_PREFIX = "distributor:";

    private static final Logger LOG = Logger.getLogger(SsmDriver.class);

    /** SSM's statuses of an invocation no instance started (AWS API reference, "Understanding command statuses"). */
    private static final Set<String> PENDING = Set.of("Pending", "Delayed");

    private final SsmCommandRepository commands;
    private final SsmSender sender;
    private final SsmAsyncClient ssm;
    private final SsmCalls calls;

    public SsmDriver(SsmCommandRepository commands, SsmSender sender, SsmAsyncClient ssm, SsmCalls calls) {
        this.commands = commands;
        this.sender = sender;
        this.ssm = ssm;
        this.calls = calls;
    }

    /** The SSM Comment of a command: {@code distributor:<id>}. */
    public static String comment(UUID commandId) {
        return COMMENT_PREFIX + commandId;
    }

    @Override
    public DriverKind kind() {
        return DriverKind.SSM;
    }

    @Override
    public Uni<Void> send(List<IssuedCommand> issued) {
        return commands.insertUnsent(issued)
                .invoke(inserted -> {
                    if (inserted > 0) {
                        sender.kick();
                    }
                })
                .replaceWithVoid();
    }

    @Override
    public Uni<List<CommandObservation>> observe(Collection<UUID> commandIds) {
        return commands.observe(commandIds);
    }

    @Override
    public Uni<List<UUID>> withdraw(List<IssuedCommand> issued) {
        if (issued.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return commands.withdrawUnsent(issued).chain(unsent -> {
            Set<UUID> done = new HashSet<>(unsent);
            List<UUID> others = issued.stream().map(IssuedCommand::commandId).filter(id -> !done.contains(id))
                    .toList();
            if (others.isEmpty()) {
                return Uni.createFrom().item(unsent);
            }
            return commands.sentNotWithdrawn(others)
                    .chain(sent -> Multi.createFrom().iterable(sent)
                            .onItem().transformToUniAndConcatenate(this::withdrawIfPending)
                            .filter(id -> id != null)
                            .collect().asList())
                    .map(cancelled -> {
                        List<UUID> withdrawn = new ArrayList<>(unsent);
                        withdrawn.addAll(cancelled);
                        return withdrawn;
                    });
        });
    }

    /**
     * A sent command is withdrawn only when SSM says now that no instance started it (GetCommandInvocation: Pending or
     * Delayed); our last reading may be old, and a command that started must finish. Its id when withdrawn, else null
     * (SSM says otherwise, does not know the invocation yet, or could not be asked: the command is left to finish).
     */
    private Uni<UUID> withdrawIfPending(SentCommandRef command) {
        return calls.idempotent("GetCommandInvocation", () -> ssm.getCommandInvocation(b -> b
                .commandId(command.ssmCommandId())
                .instanceId(command.instanceId())))
                .map(invocation -> PENDING.contains(invocation.statusAsString()))
                .onFailure().invoke(e -> LOG.infof("Could not read SSM command %s before withdrawing it: %s",
                        command.ssmCommandId(), e.getMessage()))
                .onFailure().recoverWithItem(false)
                .chain(pending -> pending
                        ? commands.markWithdrawn(command.id())
                        : Uni.createFrom().item(false))
                .chain(marked -> marked ? cancelPending(command) : Uni.createFrom().item((UUID) null));
    }

    /** CancelCommand for a pending command; its id when SSM accepted, null (and unmarked) when it refused. */
    private Uni<UUID> cancelPending(SentCommandRef command) {
        return cancel(command)
                .replaceWith(command.id())
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Could not withdraw SSM command %s: %s", command.ssmCommandId(), e.getMessage());
                    return commands.unmarkWithdrawn(command.id()).replaceWith((UUID) null);
                });
    }

    @Override
    public Uni<Void> abandon(Collection<UUID> commandIds) {
        if (commandIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return commands.abandon(commandIds)
                .chain(sent -> Multi.createFrom().iterable(sent)
                        .onItem().transformToUniAndConcatenate(command -> cancel(command)
                                .onFailure().invoke(e -> LOG.infof("Could not cancel abandoned SSM command %s: %s",
                                        command.ssmCommandId(), e.getMessage()))
                                .onFailure().recoverWithNull())
                        .collect().last())
                .replaceWithVoid();
    }

    private Uni<Void> cancel(SentCommandRef command) {
        return calls.idempotent("CancelCommand", () -> ssm.cancelCommand(b -> b
                .commandId(command.ssmCommandId())
                .instanceIds(command.instanceId())))
                .replaceWithVoid();
    }
}
