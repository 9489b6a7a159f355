package dev.distributor.fleet.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;

@Name("TargetEventsSnapshot")
@Description("Where the stream starts: the newest fleet event when the subscription began, and how many targets "
        + "matched the filter then (read in the same database snapshot; 'online' as the targets query computes it).")
public record TargetEventsSnapshot(
        int eventSeq,
        int matchingTargets) {
}
