package dev.distributor.rollout.service;

import java.util.Map;

import dev.distributor.rollout.domain.Strategy;
import dev.distributor.rollout.domain.TargetSelector;

/**
 * A deployment as a client asks for it, defaults already applied.
 *
 * @param version a version name, or {@code default}
 * @param idempotencyKey a retried request with the same key returns the deployment the first one created
 */
public record NewDeployment(
        String name,
        String packageName,
        String version,
        String action,
        String installType,
        Map<String, String> arguments,
        TargetSelector selector,
        Strategy strategy,
        String idempotencyKey) {
}
