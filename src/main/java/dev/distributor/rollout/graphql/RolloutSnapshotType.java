package dev.distributor.rollout.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("RolloutSnapshot")
@Description("A rollout as of its newest event (rollout.eventSeq): counts and waves read in the same database "
        + "snapshot, so applying each later event's previousStatus -> status keeps them exact.")
public record RolloutSnapshotType(
        @NonNull RolloutType rollout,
        @NonNull @Description("Invocations by status across the run, as of rollout.eventSeq.") InvocationCounts counts,
        @NonNull @Description("Each wave's state and counts, as of rollout.eventSeq.") List<@NonNull WaveProgress> waves) {
}
