package dev.distributor.audit.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import io.smallrye.mutiny.Uni;

import dev.distributor.audit.domain.AuditEvent;
import dev.distributor.audit.service.AuditReads;
import dev.distributor.common.graphql.Page;

/** Reading the audit trail over GraphQL. There is no mutation: rows are append-only. */
@GraphQLApi
public class AuditApi {

    private final AuditReads audit;

    public AuditApi(AuditReads audit) {
        this.audit = audit;
    }

    @Query("auditEvents")
    @Description("The audit trail, newest first, a page at a time: every change (DONE) and every refused attempt "
            + "(REFUSED). Needs the admin role, since rows name people and their addresses (FORBIDDEN otherwise). "
            + "INVALID_INPUT naming the field for a bad filter value, page size or cursor.")
    public Uni<@NonNull AuditEventConnection> auditEvents(AuditFilterInput filter,
            @Description("Page size, 1-500 (default 50).") Integer first,
            @Description("Cursor of the last row already seen (its edge's cursor, or pageInfo.endCursor).") String after) {
        return audit.list(toQuery(filter), first, after).map(page -> new AuditEventConnection(
                page.slice().items().stream()
                        .map(e -> new AuditEventConnection.AuditEventEdge(Page.encode(Long.toString(e.id())),
                                toType(e)))
                        .toList(),
                page.slice().pageInfo()));
    }

    private static AuditReads.Query toQuery(AuditFilterInput f) {
        return f == null
                ? null
                : new AuditReads.Query(f.actor(), f.action(), f.resource(),
                        f.outcome() == null ? null : f.outcome().name(), f.from(), f.to());
    }

    static AuditEventType toType(AuditEvent e) {
        return new AuditEventType(Long.toString(e.id()), e.at(), e.actor(), e.actorName(), e.action(), e.resource(),
                AuditOutcome.valueOf(e.outcome()), e.requestId(), e.address(), e.details());
    }
}
