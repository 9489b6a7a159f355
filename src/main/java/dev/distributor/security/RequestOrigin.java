package dev.distributor.security;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The request an operation came in: its id (the client's {@code X-Request-Id} when it is a plain token, else a fresh
 * UUID, kept for the whole request and echoed in the response header) and the client's address (the proxy's
 * forwarded address where {@code quarkus.http.proxy} trusts it). Outside a request (engine, schedulers) both are null.
 */
@ApplicationScoped
public class RequestOrigin {

    /** The header a client or proxy may set to tie its logs to the audit trail. */
    public static final String HEADER = "X-Request-Id";
    private static final String KEY = "distributor.request-id";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** The id and address of the current request, or nulls outside one. */
    public Origin current() {
        RoutingContext rc = routingContext();
        if (rc == null) {
            return new Origin(null, null, null);
        }
        return new Origin(requestId(rc), address(rc), rc.normalizedPath());
    }

    /**
     * True the first time a refusal of {@code action} is reported in the current request (always outside one): a
     * document that asks for one refused field under 50 aliases is one refused attempt, audited once.
     */
    public boolean firstRefusal(String action) {
        RoutingContext rc = routingContext();
        if (rc == null) {
            return true;
        }
        return rc.data().putIfAbsent("distributor.refused." + action, Boolean.TRUE) == null;
    }

    /** Where a caller came from: request id, client address, request path; any may be null. */
    public record Origin(String requestId, String address, String path) {
    }

    static String requestId(RoutingContext rc) {
        String id = rc.get(KEY);
        if (id == null) {
            String sent = rc.request().getHeader(HEADER);
            id = sent != null && PLAIN.matcher(sent).matches() ? sent : UUID.randomUUID().toString();
            rc.put(KEY, id);
            if (!rc.response().headWritten()) {
                rc.response().putHeader(HEADER, id);
            }
        }
        return id;
    }

    private static String address(RoutingContext rc) {
        SocketAddress remote = rc.request().remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }

    private static RoutingContext routingContext() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        try {
            return Arc.container().instance(CurrentVertxRequest.class).get().getCurrent();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
