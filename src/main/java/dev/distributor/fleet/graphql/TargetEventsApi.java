package dev.distributor.fleet.graphql;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;

import dev.distributor.common.graphql.Tag;
import dev.distributor.fleet.domain.TargetEvent;
import dev.distributor.fleet.domain.TargetFacts;
import dev.distributor.fleet.live.FleetEvents;

/** The fleet's changes live over GraphQL subscriptions (graphql-transport-ws at /graphql; docs/FLEET-EVENTS.md). */
@GraphQLApi
public class TargetEventsApi {

    private final FleetEvents fleetEvents;
    private final ObjectMapper json;

    public TargetEventsApi(FleetEvents fleetEvents, ObjectMapper json) {
        this.fleetEvents = fleetEvents;
        this.json = json;
    }

    @Subscription("targetEvents")
    @Description("Follows the fleet: first a snapshot marker (eventSeq, matchingTargets), then every fleet event after "
            + "afterSeq (default: the snapshot's eventSeq) whose target matched the filter just before or just after "
            + "it, as it commits on any replica, in order, each once, in messages of the events read since the previous "
            + "one. Never completes by itself. A client that "
            + "reconnects passes the last seq it saw as afterSeq. Errors: INVALID_INPUT or INVALID_NAME for a bad "
            + "filter; INVALID_INPUT when afterSeq is negative or beyond the newest event. An error arrives as one "
            + "message with targetEvents null and the error, then the subscription completes (hence the nullable "
            + "type).")
    public Multi<TargetEventsMessage> targetEvents(
            @Description("Selects targets as the targets query does ('online' as last announced).") TargetFilterInput filter,
            @Description("Resume after this event's seq.") Integer afterSeq) {
        return Multi.createFrom().deferred(() -> fleetEvents.follow(TargetApi.toFilter(filter),
                afterSeq == null ? null : afterSeq.longValue()))
                .map(message -> new TargetEventsMessage(Math.toIntExact(message.seq()),
                        message.matchingTargets() == null
                                ? null
                                : new TargetEventsSnapshot(Math.toIntExact(message.seq()),
                                        Math.toIntExact(message.matchingTargets())),
                        message.events().stream().map(this::toType).toList()));
    }

    private FleetEventType toType(TargetEvent event) {
        return new FleetEventType(Math.toIntExact(event.seq()), event.at(), event.type().name(), event.instanceId(),
                toType(event.target()), write(event.details()));
    }

    private static TargetState toType(TargetFacts t) {
        List<Tag> tags = t.tags().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Tag(e.getKey(), e.getValue())).toList();
        List<TargetState.InstalledVersion> installed = t.installed().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new TargetState.InstalledVersion(e.getKey(), e.getValue(), t.stateOf(e.getKey()))).toList();
        return new TargetState(t.name(), t.platform(), t.platformVersion(), t.arch(), t.account(), t.region(), tags,
                t.online(), installed);
    }

    private String write(Object details) {
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fleet event details are plain maps", e);
        }
    }
}
