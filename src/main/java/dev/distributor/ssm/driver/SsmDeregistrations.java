package dev.distributor.ssm.driver;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.ssm.SsmAsyncClient;

import dev.distributor.fleet.CommandObservation;
import dev.distributor.fleet.TargetLifecycle;
import dev.distributor.ssm.client.SsmCalls;
import dev.distributor.ssm.client.SsmFailure;

/**
 * A deregistered SSM target (an operator's deregisterTarget, or the inventory sync's when SSM stopped listing the
 * instance) keeps no command: as the agent driver's {@code CancelOnDeregistration}, its unfinished commands end
 * CANCELLED with step {@value CommandObservation#TARGET_DEREGISTERED_STEP} in the deregistration's transaction (a
 * rollout counts them neither for nor against the run), so none is sent later.
 *
 * <p>
 * The ones SSM already has are cancelled in SSM too, but never inside that transaction (no SSM call while its locks
 * are held, and a rolled-back deregistration must not have cancelled anything): the row is marked
 * {@code cancel_requested_at}, and {@link #cancelRequested} (run by every {@link SsmPoller} pass, so after the commit)
 * calls CancelCommand and clears the mark. SSM's refusal it answered (InvalidCommandId, InvalidInstanceId: the instance
 * is gone) also clears it; throttling, a 5xx or no answer leave it for the next pass.
 */
@ApplicationScoped
public class SsmDeregistrations implements TargetLifecycle {

    /** CancelCommand calls one pass makes at most. */
    static final int PASS_LIMIT = 100;

    private static final Logger LOG = Logger.getLogger(SsmDeregistrations.class);

    private final SsmCommandRepository commands;
    private final SsmAsyncClient ssm;
    private final SsmCalls calls;

    public SsmDeregistrations(SsmCommandRepository commands, SsmAsyncClient ssm, SsmCalls calls) {
        this.commands = commands;
        this.ssm = ssm;
        this.calls = calls;
    }

    @Override
    public Uni<Void> deregistered(Mutiny.Session session, String instanceId) {
        return commands.cancelForDeregistration(session, instanceId).replaceWithVoid();
    }

    /** CancelCommand for the commands of deregistered targets; returns how many were asked for. */
    Uni<Integer> cancelRequested() {
        return commands.cancelRequested(PASS_LIMIT)
                .chain(requested -> Multi.createFrom().iterable(requested)
                        .onItem().transformToUniAndConcatenate(this::cancel)
                        .collect().last()
                        .replaceWith(requested.size()));
    }

    private Uni<Void> cancel(SentCommandRef command) {
        return calls.idempotent("CancelCommand", () -> ssm.cancelCommand(b -> b
                .commandId(command.ssmCommandId())
                .instanceIds(command.instanceId())))
                .chain(() -> commands.cancelDone(command.id()))
                .onFailure().recoverWithUni(e -> {
                    if (e instanceof SsmFailure failure && failure.refused()) {
                        LOG.infof("SSM refused to cancel command %s of a deregistered target: %s",
                                command.ssmCommandId(), failure.getMessage());
                        return commands.cancelDone(command.id());
                    }
                    LOG.warnf("Could not cancel SSM command %s of a deregistered target; next pass tries again: %s",
                            command.ssmCommandId(), e.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }
}
