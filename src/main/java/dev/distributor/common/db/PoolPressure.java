package dev.distributor.common.db;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.vertx.core.VertxException;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * Counts requests that could not get a pooled database connection in time and reports them as one WARN line per
 * interval ({@value #REPORT_EVERY}), instead of one ERROR with a stack trace per request: under load thousands of
 * requests fail the same way, and logging each one only adds to the load (issue 21).
 */
@ApplicationScoped
public class PoolPressure {

    /**
     * Thrown when work gave up waiting for a pooled connection; callers shed load (204 to a poll, otherwise
     * {@code SERVICE_BUSY}, HTTP 503).
     */
    public static final class PoolBusyException extends DistributorException {
        public PoolBusyException(String message) {
            super(ErrorCode.SERVICE_BUSY, message + "; retry after a pause.");
        }
    }

    static final String REPORT_EVERY = "10s";
    private static final String VERTX_POOL_TIMEOUT = "Timeout waiting for connection";
    private static final Logger LOG = Logger.getLogger(PoolPressure.class);

    private final AtomicLong exhausted = new AtomicLong();
    private final AtomicLong total = new AtomicLong();

    /** Whether the failure, or one of its causes, is a wait for a pooled connection that ran out. */
    public static boolean isExhaustion(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PoolBusyException
                    || t instanceof VertxException && VERTX_POOL_TIMEOUT.equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** Counts one exhaustion and returns the exception callers map to a shed answer. */
    public PoolBusyException exhausted(String what) {
        count();
        return new PoolBusyException(what + ": no database connection free in time");
    }

    /** The failure as a counted {@link PoolBusyException}; one already converted is not counted twice. */
    public PoolBusyException busy(Throwable failure, String what) {
        return failure instanceof PoolBusyException busy ? busy : exhausted(what);
    }

    /** Counts one exhaustion, for a caller that sheds without an exception. */
    public void count() {
        exhausted.incrementAndGet();
        total.incrementAndGet();
    }

    /** The exhaustions counted since the start (for tests and metrics). */
    public long total() {
        return total.get();
    }

    @Scheduled(every = REPORT_EVERY, identity = "db-pool-pressure-report")
    void report() {
        long count = exhausted.getAndSet(0);
        if (count > 0) {
            LOG.warnf("%d request(s) found no free database connection within their wait in the last %s and were "
                    + "shed (polls answered 204, other calls 503); consider a larger DISTRIBUTOR_DB_POOL_SIZE or "
                    + "DISTRIBUTOR_AGENT_NEXT_POLL_SECONDS", count, REPORT_EVERY);
        }
    }
}
