package dev.distributor.fleet.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.common.graphql.PageInfo;

@Description("A page of targets, ordered by instance id.")
public record TargetConnection(
        @NonNull List<@NonNull TargetEdge> edges,
        @NonNull PageInfo pageInfo,
        @Description("Targets matching the filter, across all pages.") int totalCount) {

    public record TargetEdge(@NonNull String cursor, @NonNull TargetType node) {
    }
}
