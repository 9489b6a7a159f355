package dev.distributor.rollout.engine;

import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.Strategy.OnFailure;

/**
 * What {@link RolloutDecision} reads of a deployment's strategy. Times in seconds.
 *
 * @param stepsPerInvocation downloads and scripts one invocation may take, each under the command timeout (8 for a
 *        reinstall)
 */
public record StrategyView(
        int waveSuccessPercent,
        int pauseBetweenWavesSeconds,
        boolean manualApproval,
        OnFailure onFailure,
        int commandTimeoutSeconds,
        int deliveryTimeoutSeconds,
        int stepsPerInvocation) {

    public static StrategyView of(DeploymentEntity deployment) {
        return new StrategyView(deployment.waveSuccessPercent, deployment.pauseBetweenWavesSeconds,
                deployment.manualApproval, deployment.onFailure, deployment.commandTimeoutSeconds,
                deployment.deliveryTimeoutSeconds, deployment.stepsPerInvocation());
    }
}
