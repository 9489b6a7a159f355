package dev.distributor.audit.repository;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.audit.domain.AuditEvent;
import dev.distributor.audit.domain.AuditFilter;
import dev.distributor.common.db.Columns;
import dev.distributor.common.db.NativeWhere;

/**
 * Reads {@code audit_event} (V1, V7). Nothing here writes: rows are appended by {@code audit.AuditLog} in the
 * transaction of the change they describe, and a trigger refuses any UPDATE or DELETE.
 */
@ApplicationScoped
public class AuditRepository {

    private static final String COLUMNS = "select id, at, actor, actor_name, action, resource, outcome,"
            + " cast(details as text) as details, request_id, address from audit_event";

    /** Rows matching the filter with an id below {@code beforeId} (all when null), newest first. */
    public Uni<List<AuditEvent>> newestFirst(Mutiny.Session session, AuditFilter filter, Long beforeId, int limit) {
        NativeWhere where = where(filter);
        if (beforeId != null) {
            where.and("id < :before", "before", beforeId);
        }
        return where.bind(session.createNativeQuery(COLUMNS + where.sql() + " order by id desc limit :limit",
                Tuple.class))
                .setParameter("limit", limit)
                .getResultList()
                .map(AuditRepository::toEvents);
    }

    /** Rows written at or after {@code since} with an id above {@code afterId}, oldest (lowest id) first. */
    public Uni<List<AuditEvent>> oldestFirst(Mutiny.Session session, OffsetDateTime since, long afterId, int limit) {
        return session.createNativeQuery(COLUMNS + " where at >= :since and id > :after order by id limit :limit",
                Tuple.class)
                .setParameter("since", since)
                .setParameter("after", afterId)
                .setParameter("limit", limit)
                .getResultList()
                .map(AuditRepository::toEvents);
    }

    private static NativeWhere where(AuditFilter filter) {
        NativeWhere where = new NativeWhere();
        if (filter.actor() != null) {
            where.and("actor = :actor", "actor", filter.actor());
        }
        if (filter.action() != null) {
            // starts_with takes the text as it is: no LIKE wildcards to escape.
            where.and(filter.actionPrefix() ? "starts_with(action, :action)" : "action = :action", "action",
                    filter.action());
        }
        if (filter.resource() != null) {
            where.and(filter.resourcePrefix() ? "starts_with(resource, :resource)" : "resource = :resource",
                    "resource", filter.resource());
        }
        if (filter.outcome() != null) {
            where.and("outcome = :outcome", "outcome", filter.outcome());
        }
        if (filter.from() != null) {
            where.and("at >= :from", "from", filter.from());
        }
        if (filter.to() != null) {
            where.and("at < :to", "to", filter.to());
        }
        return where;
    }

    private static List<AuditEvent> toEvents(List<Tuple> rows) {
        return rows.stream().map(row -> new AuditEvent(Columns.longValue(row.get("id")), Columns.time(row.get("at")),
                row.get("actor", String.class), row.get("actor_name", String.class), row.get("action", String.class),
                row.get("resource", String.class), row.get("outcome", String.class),
                row.get("details", String.class), row.get("request_id", String.class),
                row.get("address", String.class))).toList();
    }
}
