package dev.distributor.rollout.service;

import java.util.Map;

import dev.distributor.rollout.domain.DeploymentAction;
import dev.distributor.rollout.domain.InstallType;
import dev.distributor.rollout.domain.Schedule;
import dev.distributor.rollout.domain.Strategy;
import dev.distributor.rollout.domain.TargetSelector;

/**
 * A deployment as a client asks for it, defaults already applied.
 *
 * @param version a version name, or {@code default}
 * @param action what to do on each target (required)
 * @param installType how an install replaces what is there (required)
 * @param schedule when it runs, and its maintenance windows
 * @param idempotencyKey a retried request with the same key returns the deployment the first one created
 */
public record NewDeployment(
        String name,
        String packageName,
        String version,
        DeploymentAction action,
        InstallType installType,
        Map<String, String> arguments,
        TargetSelector selector,
        Strategy strategy,
        Schedule schedule,
        String idempotencyKey) {
}
