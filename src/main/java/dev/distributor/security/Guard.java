package dev.distributor.security;

import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.distributor.audit.AuditLog;
import dev.distributor.common.db.PoolPressure;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * The one door every operation passes: it decides who the actor is and whether they may act, gives the work its own
 * database session, and writes the audit row in the transaction of the change.
 *
 * <p>
 * Each call opens a fresh session instead of the Vert.x-context session Panache would share: SmallRye GraphQL resolves
 * root fields and batched nested fields concurrently on one context, and a shared reactive session breaks under that
 * (quarkus#32870). One session per operation keeps every resolver independent.
 *
 * <p>
 * Work that found no free pooled connection in time fails with {@link PoolPressure.PoolBusyException}, counted and
 * reported once per interval, not logged per request (issue 21).
 */
@ApplicationScoped
public class Guard {

    private static final Logger LOG = Logger.getLogger(Guard.class);

    private final Mutiny.SessionFactory sessions;
    private final AuditLog audit;

    private final PoolPressure pressure;

    public Guard(Mutiny.SessionFactory sessions, AuditLog audit, PoolPressure pressure) {
        this.sessions = sessions;
        this.pressure = pressure;
        this.audit = audit;
    }

    /** Resolves the caller and checks the permission. Role enforcement plugs in here with OIDC. */
    public Uni<Actor> require(Permission permission) {
        return Uni.createFrom().item(Actor.LOCAL);
    }

    /** Runs read-only work in its own session after checking {@link Permission#VIEW}. */
    public <T> Uni<T> read(Function<Mutiny.Session, Uni<T>> work) {
        return require(Permission.VIEW).chain(actor -> withSession(work));
    }

    /**
     * Checks the permission, then runs the change and its audit row in one transaction.
     *
     * @param details what the audit row says about the outcome, computed from the result
     */
    public <T> Uni<T> change(Permission permission, String action, String resource,
            BiFunction<Mutiny.Session, Actor, Uni<T>> work, Function<T, Map<String, Object>> details) {
        return require(permission).chain(actor -> inTransaction(actor, action, resource, work, details));
    }

    /** Runs a change for an actor already checked with {@link #require}, with its audit row, in one transaction. */
    public <T> Uni<T> inTransaction(Actor actor, String action, String resource,
            BiFunction<Mutiny.Session, Actor, Uni<T>> work, Function<T, Map<String, Object>> details) {
        return withSession(session -> session.withTransaction(tx -> work.apply(session, actor)
                .call(result -> audit.record(session, actor, action, resource, details.apply(result)))));
    }

    private <T> Uni<T> withSession(Function<Mutiny.Session, Uni<T>> work) {
        return sessions.openSession()
                .chain(session -> work.apply(session)
                        .onTermination().call((item, failure, cancelled) -> session.close()))
                .onFailure(PoolPressure::isExhaustion)
                .transform(failure -> pressure.busy(failure, "database work"))
                .onFailure(failure -> !(failure instanceof DistributorException || PoolPressure.isExhaustion(failure)))
                .transform(Guard::hideUnexpected);
    }

    /** Logs an unexpected failure under a fresh id and gives the client only that id, never internals. */
    private static DistributorException hideUnexpected(Throwable failure) {
        String requestId = UUID.randomUUID().toString();
        LOG.errorf(failure, "Unexpected failure, request id %s", requestId);
        return new DistributorException(ErrorCode.INTERNAL,
                "Unexpected server error. Quote request id " + requestId + " when reporting it.",
                Map.of("requestId", requestId));
    }
}
