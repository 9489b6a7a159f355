package dev.distributor.common.work;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.db.PoolPressure;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.telemetry.RequestIds;

/**
 * The unit of work every operation and the rollout engine run in: its own database session, a transaction for a
 * change with the change's audit row inside it, and the hiding of unexpected failures from clients. Who may act is
 * decided before, by {@code security.AccessControl}.
 *
 * <p>
 * Each call opens a fresh session instead of the Vert.x-context session Panache would share: SmallRye GraphQL resolves
 * root fields and batched nested fields concurrently on one context, and a shared reactive session breaks under that
 * (quarkus#32870). One session per operation keeps every resolver independent.
 *
 * <p>
 * Work that found no free pooled connection in time fails with {@link PoolPressure.PoolBusyException}
 * ({@code SERVICE_BUSY}), counted and reported once per interval, not logged per request (issue 21). Any other failure
 * that is not a {@link DistributorException} becomes {@code INTERNAL} with a request id, logged once.
 */
@ApplicationScoped
public class UnitOfWork {

    private static final Logger LOG = Logger.getLogger(UnitOfWork.class);

    private final Mutiny.SessionFactory sessions;
    private final AuditTrail audit;
    private final PoolPressure pressure;

    public UnitOfWork(Mutiny.SessionFactory sessions, AuditTrail audit, PoolPressure pressure) {
        this.sessions = sessions;
        this.audit = audit;
        this.pressure = pressure;
    }

    /** Runs read-only work in its own session. */
    public <T> Uni<T> read(Function<Mutiny.Session, Uni<T>> work) {
        return forClient(withSession(work));
    }

    /**
     * Runs read-only work in one transaction that sees one snapshot of the database (REPEATABLE READ, PostgreSQL docs
     * §13.2.2): reads that must agree with each other, such as a rollout's counts and its newest event's seq.
     */
    public <T> Uni<T> readConsistent(Function<Mutiny.Session, Uni<T>> work) {
        return forClient(withSession(session -> session.withTransaction(tx -> session
                .createNativeQuery("set transaction isolation level repeatable read").executeUpdate()
                .chain(() -> work.apply(session)))));
    }

    /**
     * Runs a change and its audit row in one transaction.
     *
     * @param actor who acts, as access control resolved it
     * @param details what the audit row says about the outcome, computed from the result
     */
    public <T> Uni<T> change(Actor actor, String action, String resource,
            BiFunction<Mutiny.Session, Actor, Uni<T>> work, Function<T, Map<String, Object>> details) {
        return forClient(withSession(session -> session.withTransaction(tx -> work.apply(session, actor)
                .call(result -> audit.record(session, actor, action, resource, details.apply(result))))));
    }

    /**
     * Records a refused attempt in a transaction of its own (DESIGN.md §9): the refused change never starts, so its
     * transaction cannot carry the row.
     */
    public Uni<Void> refusal(Actor actor, String action, String resource, Map<String, Object> details) {
        return forClient(withSession(session -> session.withTransaction(
                tx -> audit.record(session, actor, action, resource, AuditTrail.Outcome.REFUSED, details))));
    }

    /**
     * Runs the service's own work (the engine's ticks, schedulers) in one transaction, without an audit row. Failures
     * reach the caller as they are: it logs them and retries on its next pass.
     */
    public <T> Uni<T> background(Function<Mutiny.Session, Uni<T>> work) {
        return withSession(session -> session.withTransaction(tx -> work.apply(session)));
    }

    private <T> Uni<T> withSession(Function<Mutiny.Session, Uni<T>> work) {
        return toTheEnd(sessions.openSession()
                .chain(session -> work.apply(session)
                        .onTermination().call((item, failure, cancelled) -> session.close())));
    }

    /**
     * Runs {@code work} to its end (commit or rollback, then the session closed) even when the caller cancels, as
     * RESTEasy Reactive does when an agent drops its connection mid-request: cancelling would close the session
     * under a live transaction ("Session/EntityManager is closed", HR000090). The caller's cancellation only drops
     * the result; a claimed command then waits for its lease to run out, as for any lost answer.
     */
    static <T> Uni<T> toTheEnd(Uni<T> work) {
        return Uni.createFrom().emitter(emitter -> work.subscribe().with(emitter::complete, emitter::fail));
    }

    private <T> Uni<T> forClient(Uni<T> work) {
        return work
                .onFailure(failure -> RefusedAtCommit.of(failure).isPresent())
                .transform(failure -> RefusedAtCommit.of(failure).orElseThrow())
                .onFailure(PoolPressure::isExhaustion)
                .transform(failure -> pressure.busy(failure, "database work"))
                .onFailure(failure -> !(failure instanceof DistributorException || PoolPressure.isExhaustion(failure)))
                .transform(UnitOfWork::hideUnexpected);
    }

    /** Logs an unexpected failure under the request's id (fresh outside a request) and gives the client only that id. */
    private static DistributorException hideUnexpected(Throwable failure) {
        String requestId = RequestIds.currentOrNew();
        LOG.errorf(failure, "Unexpected failure, request id %s", requestId);
        return new DistributorException(ErrorCode.INTERNAL,
                "Unexpected server error. Quote request id " + requestId + " when reporting it.",
                Map.of("requestId", requestId));
    }
}
