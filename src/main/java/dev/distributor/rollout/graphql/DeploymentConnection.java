package dev.distributor.rollout.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.common.graphql.PageInfo;

@Description("A page of deployments, newest first.")
public record DeploymentConnection(
        @NonNull List<@NonNull DeploymentEdge> edges,
        @NonNull PageInfo pageInfo,
        int totalCount) {

    public record DeploymentEdge(@NonNull String cursor, @NonNull DeploymentType node) {
    }
}
