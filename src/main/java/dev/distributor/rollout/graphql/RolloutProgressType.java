package dev.distributor.rollout.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("RolloutProgress")
@Description("One message of rolloutProgress: the first carries the snapshot and no events, every later one the "
        + "events committed since the previous message (at least one), oldest first. seq is the snapshot's eventSeq "
        + "or the seq of the message's last event; events follow each other without a gap across messages.")
public record RolloutProgressType(
        int seq,
        @Description("Only in the first message.") RolloutSnapshotType snapshot,
        @NonNull @Description("Empty in the first message; in order in every later one.") List<@NonNull RolloutEventType> events) {
}
