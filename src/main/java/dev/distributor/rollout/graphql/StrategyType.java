package dev.distributor.rollout.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.rollout.domain.Strategy.OnFailure;

@Name("RolloutStrategy")
public record StrategyType(
        @NonNull List<@NonNull String> waves,
        @NonNull String maxConcurrency,
        @NonNull String maxErrors,
        int waveSuccessPercent,
        int pauseBetweenWavesSeconds,
        boolean manualApproval,
        int commandTimeoutSeconds,
        int deliveryTimeoutSeconds,
        boolean rebootAllowed,
        @NonNull OnFailure onFailure) {
}
