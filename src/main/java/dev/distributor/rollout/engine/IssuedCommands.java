package dev.distributor.rollout.engine;

import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.InvocationEntity;

/** The command an invocation issued, rebuilt from its row and its deployment whenever a driver needs it again. */
final class IssuedCommands {

    private IssuedCommands() {
    }

    static IssuedCommand of(InvocationEntity invocation, DeploymentEntity deployment) {
        return new IssuedCommand(invocation.commandId, new CommandSpec(invocation.instanceId,
                // CommandSpec (fleet) carries names, so drivers need not know the rollout feature's enums.
                invocation.actionOf(deployment).name(), invocation.installTypeOf(deployment).name(),
                invocation.packageName, invocation.version,
                invocation.fileSha256,
                invocation.fileSize, invocation.previousVersion, invocation.previousFileSha256,
                deployment.arguments, deployment.commandTimeoutSeconds, deployment.rebootAllowed,
                deployment.deliveryTimeoutSeconds));
    }
}
