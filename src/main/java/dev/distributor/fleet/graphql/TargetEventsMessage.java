package dev.distributor.fleet.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;

@Name("TargetEventsMessage")
@Description("One message of targetEvents: the first carries the snapshot marker, every later one an event. seq is "
        + "the snapshot's eventSeq or the event's seq; a subscriber that reconnects passes the last seq it saw as "
        + "afterSeq.")
public record TargetEventsMessage(
        int seq,
        @Description("Only in the first message.") TargetEventsSnapshot snapshot,
        @Description("In every message after the first.") FleetEventType event) {
}
