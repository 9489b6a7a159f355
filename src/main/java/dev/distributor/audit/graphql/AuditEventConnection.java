package dev.distributor.audit.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.common.graphql.PageInfo;

@Description("A page of audit rows, newest first. No totalCount: counting a long trail on every page costs too much.")
public record AuditEventConnection(
        @NonNull List<@NonNull AuditEventEdge> edges,
        @NonNull PageInfo pageInfo) {

    public record AuditEventEdge(@NonNull String cursor, @NonNull AuditEventType node) {
    }
}
