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

    /**
     * A rollback run's strategy: no threshold (it tries every target: no wave percent, and its maxErrors is fixed at
     * the number of targets when it starts), the deployment's timeouts, and the steps of a reinstall, the longest
     * action it takes.
     */
    public static StrategyView forRollback(DeploymentEntity deployment) {
        return new StrategyView(0, 0, false, OnFailure.STOP, deployment.commandTimeoutSeconds,
                deployment.deliveryTimeoutSeconds, 8);
    }

    public static StrategyView of(DeploymentEntity deployment) {
        return new StrategyView(deployment.waveSuccessPercent, deployment.pauseBetweenWavesSeconds,
                deployment.manualApproval, deployment.onFailure, deployment.commandTimeoutSeconds,
                deployment.deliveryTimeoutSeconds, deployment.stepsPerInvocation());
    }
}
