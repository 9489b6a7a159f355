package dev.distributor.common.work;

import java.util.Map;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Where a {@link UnitOfWork} writes the record of a change. Declared here and implemented by the {@code audit} feature,
 * so the unit of work (a lower layer) never imports a higher one (DESIGN.md §2).
 */
public interface AuditTrail {

    /** Appends one row in the session (and so the transaction) of the change it describes. */
    Uni<Void> record(Mutiny.Session session, Actor actor, String action, String resource, Map<String, Object> details);
}
