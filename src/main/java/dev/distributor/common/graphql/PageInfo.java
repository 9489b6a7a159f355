package dev.distributor.common.graphql;

import org.eclipse.microprofile.graphql.Description;

@Description("Relay page information: whether more items follow, and the cursors to continue from.")
public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {
}
