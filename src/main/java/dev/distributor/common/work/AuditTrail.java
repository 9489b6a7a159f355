package dev.distributor.common.work;

import java.util.Map;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Where a {@link UnitOfWork} writes the record of a change. Declared here and implemented by the {@code audit} feature,
 * so the unit of work (a lower layer) never imports a higher one (DESIGN.md §2).
 */
public interface AuditTrail {

    /** What became of the attempt an audit row records. */
    enum Outcome {
        /** The change committed; the row is in its transaction. */
        DONE,
        /** Access control refused the caller; the row is in a transaction of its own. */
        REFUSED
    }

    /** Appends one row in the session (and so the transaction) of the change it describes. */
    default Uni<Void> record(Mutiny.Session session, Actor actor, String action, String resource,
            Map<String, Object> details) {
        return record(session, actor, action, resource, Outcome.DONE, details);
    }

    /** Appends one row with the given outcome in the session's transaction. */
    Uni<Void> record(Mutiny.Session session, Actor actor, String action, String resource, Outcome outcome,
            Map<String, Object> details);
}
