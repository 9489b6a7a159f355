package dev.distributor.rollout.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;

@Name("RolloutProgress")
@Description("One message of rolloutProgress: the first carries the snapshot, every later one an event. seq is the "
        + "snapshot's eventSeq or the event's seq; they follow each other without a gap.")
public record RolloutProgressType(
        int seq,
        @Description("Only in the first message.") RolloutSnapshotType snapshot,
        @Description("In every message after the first.") RolloutEventType event) {
}
