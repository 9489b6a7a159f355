package dev.distributor.rollout.graphql;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("RolloutEvent")
@Description("A transition of a rollout or of one of its invocations, numbered per rollout.")
public record RolloutEventType(
        int seq,
        @NonNull OffsetDateTime at,
        @NonNull @Description("ROLLOUT_STARTED, WAVE_STARTED, INVOCATION, ROLLOUT_PAUSED, ... (docs/ROLLOUTS.md).") String type,
        String instanceId,
        String invocationId,
        @Description("The invocation's status, or the rollout's state for rollout events.") String status,
        @Description("For an invocation event, the status it left (null when it had none).") String previousStatus,
        @Description("For an invocation event, the invocation's wave (1-based).") Integer wave,
        @NonNull @Description("Details as a JSON object.") String details) {
}
