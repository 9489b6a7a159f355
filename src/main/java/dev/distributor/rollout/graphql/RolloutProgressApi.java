package dev.distributor.rollout.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;

import dev.distributor.rollout.progress.RolloutProgress;

/** Live progress of a rollout over GraphQL subscriptions (graphql-transport-ws at /graphql; docs/ROLLOUTS.md). */
@GraphQLApi
public class RolloutProgressApi {

    private final RolloutProgress progress;
    private final ObjectMapper json;

    public RolloutProgressApi(RolloutProgress progress, ObjectMapper json) {
        this.progress = progress;
        this.json = json;
    }

    @Subscription("rolloutProgress")
    @Description("Follows a rollout: first a snapshot (state, counts, waves, eventSeq), then every event after "
            + "afterSeq (default: the snapshot's eventSeq) as it commits on any replica, in order, each once, in "
            + "messages of the events committed since the previous one. Completes "
            + "after the event that finishes the run (at once if it had finished and afterSeq is its newest event). "
            + "A client that reconnects passes the last seq it saw as afterSeq. Errors: ROLLOUT_NOT_FOUND; "
            + "INVALID_INPUT when afterSeq is negative or beyond the newest event. An error arrives as one message "
            + "with rolloutProgress null and the error, then the subscription completes (hence the nullable type).")
    public Multi<RolloutProgressType> rolloutProgress(@NonNull String id,
            @Description("Resume after this event's seq.") Integer afterSeq) {
        return progress.follow(RolloutMapper.id("id", id), afterSeq == null ? null : afterSeq.longValue())
                .map(message -> new RolloutProgressType(Math.toIntExact(message.seq()),
                        message.snapshot() == null
                                ? null
                                : new RolloutSnapshotType(
                                        RolloutMapper.toType(message.snapshot().rollout()),
                                        RolloutMapper.totals(message.snapshot().counts()),
                                        RolloutMapper.waves(message.snapshot().rollout(), message.snapshot().counts())),
                        message.events().stream().map(event -> RolloutMapper.toType(event, json)).toList()));
    }
}
