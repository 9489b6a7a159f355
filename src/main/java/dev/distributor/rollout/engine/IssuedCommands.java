package dev.distributor.rollout.engine;

import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.InvocationEntity;

/** The command an invocation issued, rebuilt from its row and its deployment whenever a driver needs it again. */
final class IssuedCommands {

    /**
     * The report limit of a command rebuilt only to be withdrawn: a withdrawn command is never sent (a driver that
     * knows its id keeps the spec it was sent with; one that does not records it withdrawn), so no limit applies.
     */
    static final long WITHDRAWAL = 0;

    private IssuedCommands() {
    }

    /**
     * @param reportLimitSeconds how long the engine waits, from the command's start, for its final state
     *        ({@link RolloutDecision#reportLimitSeconds} with the run's strategy and the report grace), or
     *        {@link #WITHDRAWAL}
     */
    static IssuedCommand of(InvocationEntity invocation, DeploymentEntity deployment, long reportLimitSeconds) {
        return new IssuedCommand(invocation.commandId, new CommandSpec(invocation.instanceId,
                // CommandSpec (fleet) carries names, so drivers need not know the rollout feature's enums.
                invocation.actionOf(deployment).name(), invocation.installTypeOf(deployment).name(),
                invocation.packageName, invocation.version,
                invocation.fileSha256,
                invocation.fileSize, invocation.previousVersion, invocation.previousFileSha256,
                deployment.arguments, deployment.commandTimeoutSeconds, deployment.rebootAllowed,
                deployment.deliveryTimeoutSeconds, reportLimitSeconds));
    }
}
