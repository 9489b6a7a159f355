package dev.distributor.audit;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.work.Actor;
import dev.distributor.common.work.AuditTrail;

/**
 * Appends audit rows ({@code audit_event}). The unit of work passes the session of the change so the row commits or
 * rolls back with it.
 */
@ApplicationScoped
public class AuditLog implements AuditTrail {

    private final ObjectMapper json;

    public AuditLog(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Uni<Void> record(Mutiny.Session session, Actor actor, String action, String resource, Outcome outcome,
            Map<String, Object> details) {
        return session.createNativeQuery("""
                insert into audit_event (actor, actor_name, action, resource, outcome, details, request_id, address)
                values (:actor, :actorName, :action, :resource, :outcome, cast(cast(:details as text) as jsonb),
                        :requestId, :address)
                """)
                .setParameter("actor", actor.subject())
                .setParameter("actorName", actor.displayName())
                .setParameter("outcome", outcome.name())
                .setParameter("requestId", actor.requestId())
                .setParameter("address", actor.address())
                .setParameter("action", action)
                .setParameter("resource", resource)
                .setParameter("details", toJson(details))
                .executeUpdate()
                .replaceWithVoid();
    }

    private String toJson(Map<String, Object> details) {
        try {
            return json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details must be JSON-serialisable", e);
        }
    }
}
