package dev.distributor.rollout.graphql;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.rollout.domain.RolloutEntity.PauseCause;
import dev.distributor.rollout.domain.RolloutEntity.WaitingFor;
import dev.distributor.rollout.domain.RolloutState;
import dev.distributor.rollout.domain.RunTrigger;

@Name("Rollout")
@Description("One run of a deployment: its state, waves and one invocation per selected target.")
public record RolloutType(
        @NonNull String id,
        @NonNull String deploymentId,
        int runNumber,
        @NonNull RolloutState state,
        @Description("Why the run is in its state (a tripped threshold, who paused or cancelled it).") String stateReason,
        @Description("Set while PAUSED: OPERATOR, MAX_ERRORS or WAVE_THRESHOLD.") PauseCause pauseCause,
        @Description("The concrete version, fixed when the run starts; null for an uninstall of whatever is installed.") String version,
        @Description("The wave being dispatched (1-based), 0 before the start or when nothing runs.") int currentWave,
        @NonNull @Description("The size of each wave, fixed when the run starts.") List<@NonNull Integer> waveSizes,
        @Description("APPROVAL (approveWave starts the next wave) or TIMER (nextWaveAt).") WaitingFor waitingFor,
        OffsetDateTime nextWaveAt,
        @Description("Resolved at the start from the strategy.") Integer maxConcurrency,
        @Description("Resolved at the start from the strategy.") Integer maxErrors,
        @Description("The sequence number of the newest event.") int eventSeq,
        @NonNull @Description("What started the run: MANUAL (startRollout), CRON, DEFAULT_VERSION_CHANGE, NEW_TARGET or "
                + "ROLLBACK (a run that puts back what another run changed; see rollbackOf).") RunTrigger trigger,
        @Description("CRON runs: the firing the run stands for (the latest one when several were missed).") OffsetDateTime scheduledFor,
        @NonNull String createdBy,
        @NonNull OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        // GraphQL @Ignore (not a test switch): the linked runs' ids key the batched rollbackOf / rolledBackBy fields
        // and stay out of the schema.
        @Ignore UUID rollbackOfId,
        @Ignore UUID rolledBackById) {
}
