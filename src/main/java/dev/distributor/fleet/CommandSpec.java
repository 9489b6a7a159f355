package dev.distributor.fleet;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One install or uninstall for one target, resolved down to the file: what a driver needs to carry it out.
 *
 * @param action INSTALL or UNINSTALL
 * @param installType REINSTALL or IN_PLACE
 * @param fileSha256 the zip for this target (null for an uninstall with no file known)
 * @param previousVersion the version the target has installed, if any
 * @param arguments additional arguments, each exported to the scripts as its own environment variable
 * @param timeoutSeconds the time limit of each script the command runs
 * @param deliveryTimeoutSeconds how long the command may wait for its host before it is given up (the deployment's
 *        deliveryTimeout); drivers that queue elsewhere (SSM's TimeoutSeconds) pass it on
 * @param reportLimitSeconds how long after the command started (its first IN_PROGRESS) the rollout engine waits for
 *        its final state before it gives the command up as TIMED_OUT: the command timeout times the steps of the
 *        action, plus the engine's report grace (rollout.engine.RolloutDecision#reportLimitSeconds); drivers whose
 *        host bounds the run itself (SSM's executionTimeout) keep that bound within it, so the host never runs on
 *        after the engine gave up. 0 when not known (a command rebuilt only to be withdrawn, which is never sent, or a
 *        spec stored before this field existed): drivers then derive no bound from it
 */
// Stored as JSON by our ObjectMapper (SsmCommandRepository): its accessors and constructor are read reflectively.
@RegisterForReflection
public record CommandSpec(
        String instanceId,
        String action,
        String installType,
        String packageName,
        String version,
        String fileSha256,
        Long fileSize,
        String previousVersion,
        String previousFileSha256,
        Map<String, String> arguments,
        int timeoutSeconds,
        boolean rebootAllowed,
        int deliveryTimeoutSeconds,
        long reportLimitSeconds) {
}
