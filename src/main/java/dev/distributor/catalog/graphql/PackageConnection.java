package dev.distributor.catalog.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.common.graphql.PageInfo;

@Description("A page of packages, ordered by name.")
public record PackageConnection(
        @NonNull List<@NonNull PackageEdge> edges,
        @NonNull PageInfo pageInfo,
        @Description("Packages matching the filter, across all pages.") int totalCount) {

    public record PackageEdge(@NonNull String cursor, @NonNull PackageType node) {
    }
}
