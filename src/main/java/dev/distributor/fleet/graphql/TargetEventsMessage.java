package dev.distributor.fleet.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("TargetEventsMessage")
@Description("One message of targetEvents: the first carries the snapshot marker and no events, every later one the "
        + "matching events committed since the previous message (at least one), oldest first. seq is the snapshot's "
        + "eventSeq or the seq of the message's last event; a subscriber that reconnects passes the last seq it saw "
        + "as afterSeq.")
public record TargetEventsMessage(
        int seq,
        @Description("Only in the first message.") TargetEventsSnapshot snapshot,
        @NonNull @Description("Empty in the first message; in order in every later one.") List<@NonNull FleetEventType> events) {
}
