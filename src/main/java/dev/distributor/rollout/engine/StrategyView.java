package dev.distributor.rollout.engine;

import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.Strategy.OnFailure;

/**
 * What {@link RolloutDecision} reads of a deployment's strategy. Times in seconds.
 *
 * @param scriptsPerInvocation scripts one invocation may run, each under the command timeout (4 for a reinstall)
 */
public record StrategyView(
        int waveSuccessPercent,
        int pauseBetweenWavesSeconds,
        boolean manualApproval,
        OnFailure onFailure,
        int commandTimeoutSeconds,
        int deliveryTimeoutSeconds,
        int scriptsPerInvocation) {

    public static StrategyView of(DeploymentEntity deployment) {
        return new StrategyView(deployment.waveSuccessPercent, deployment.pauseBetweenWavesSeconds,
                deployment.manualApproval, deployment.onFailure, deployment.commandTimeoutSeconds,
                deployment.deliveryTimeoutSeconds, deployment.scriptsPerInvocation());
    }
}
