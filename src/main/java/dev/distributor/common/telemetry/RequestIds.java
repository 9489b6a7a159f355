package dev.distributor.common.telemetry;

import java.util.UUID;

import org.jboss.logging.MDC;

/**
 * The id of the request being served, as every log line written while serving it carries it (the MDC key
 * {@value #MDC_KEY}, set by {@code security.RequestIdFilter} from the client's {@code X-Request-Id} or a fresh UUID).
 * Failures hidden from clients quote this id, so a user's "request id ..." finds the request's log lines and its audit
 * rows.
 */
public final class RequestIds {

    /** The MDC key, and the field under {@code mdc} in a JSON log line. */
    public static final String MDC_KEY = "requestId";

    private RequestIds() {
    }

    /** The current request's id, or a fresh UUID for the service's own work (engine ticks, schedulers). */
    public static String currentOrNew() {
        Object id = MDC.get(MDC_KEY);
        return id != null ? id.toString() : UUID.randomUUID().toString();
    }
}
