package dev.distributor.rollout.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.common.graphql.PageInfo;

@Description("A page of invocations, in wave and plan order.")
public record InvocationConnection(
        @NonNull List<@NonNull InvocationEdge> edges,
        @NonNull PageInfo pageInfo,
        @Description("Invocations matching the filter, across all pages.") int totalCount) {

    public record InvocationEdge(@NonNull String cursor, @NonNull InvocationType node) {
    }
}
