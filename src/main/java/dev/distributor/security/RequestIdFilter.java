package dev.distributor.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.opentelemetry.api.trace.Span;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

import dev.distributor.common.telemetry.RequestIds;

/**
 * Gives every HTTP request its id before anything else runs ({@link RequestOrigin}: the client's {@code X-Request-Id}
 * when it is a plain token of at most 64 characters, else a fresh UUID), echoes it in the response header and puts it
 * in the logging MDC, so each line logged while serving the request carries it next to the trace and span ids that
 * OpenTelemetry adds. It is also an attribute of the request's server span, so a trace can be found by the id a user
 * quotes. The MDC lives in the request's own Vert.x context, so nothing leaks to the next request.
 */
@ApplicationScoped
public class RequestIdFilter {

    /** The span attribute that carries the request id. */
    public static final String SPAN_ATTRIBUTE = "distributor.request_id";

    /** Above every other filter (Quarkus runs higher priorities first), so refusals carry the id too. */
    static final int PRIORITY = 10_000;

    void register(@Observes Filters filters) {
        filters.register(RequestIdFilter::tag, PRIORITY);
    }

    private static void tag(RoutingContext rc) {
        String id = RequestOrigin.requestId(rc);
        MDC.put(RequestIds.MDC_KEY, id);
        Span.current().setAttribute(SPAN_ATTRIBUTE, id);
        rc.next();
    }
}
