package dev.distributor.audit;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.work.Actor;
import dev.distributor.common.work.AuditTrail;
import dev.distributor.security.RequestOrigin;

/**
 * Appends audit rows ({@code audit_event}). The unit of work passes the session of the change so the row commits or
 * rolls back with it. An actor that comes without a request id and address (an agent, known by its instance id) gets
 * those of the request being served, if any, so every row made in a request says where it came from.
 */
@ApplicationScoped
public class AuditLog implements AuditTrail {

    private final ObjectMapper json;
    private final RequestOrigin origins;

    public AuditLog(ObjectMapper json, RequestOrigin origins) {
        this.json = json;
        this.origins = origins;
    }

    @Override
    public Uni<Void> record(Mutiny.Session session, Actor actor, String action, String resource, Outcome outcome,
            Map<String, Object> details) {
        Actor who = actor;
        if (actor.requestId() == null && actor.address() == null) {
            RequestOrigin.Origin origin = origins.current();
            who = actor.from(origin.requestId(), origin.address());
        }
        return insert(session, who, action, resource, outcome, details);
    }

    private Uni<Void> insert(Mutiny.Session session, Actor actor, String action, String resource, Outcome outcome,
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
