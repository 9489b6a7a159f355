package dev.distributor.common.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.arc.Arc;

import dev.distributor.common.db.PoolPressure;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.telemetry.RequestIds;

/**
 * How the REST endpoints answer a failure: a JSON body {@code {"code", "message", ...details}} with the code from the
 * one catalogue and an HTTP status derived from it. Unexpected failures are logged under a request id and answered
 * with that id only, never a stack trace or a class name.
 */
public class RestErrors {

    private static final Logger LOG = Logger.getLogger(RestErrors.class);
    private static final String MULTIPART_PARSER = "org.jboss.resteasy.reactive.server.core.multipart.";

    @ServerExceptionMapper
    public RestResponse<Map<String, Object>> distributor(DistributorException e) {
        return json(statusOf(e.code()), body(e));
    }

    /**
     * The framework's own answers: a body it cannot read (not a form, a broken multipart) is INVALID_INPUT in the same
     * JSON with the framework's status; routing answers (unknown path, wrong method) keep theirs; a server-side one is
     * treated like any unexpected failure.
     */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e).toResponse();
        }
        if (status == 400 || status == 413 || status == 415) {
            var body = new LinkedHashMap<String, Object>();
            body.put("code", ErrorCode.INVALID_INPUT.name());
            body.put("message", status == 415
                    ? "This endpoint takes a multipart/form-data body (curl -F field=value -F file=@name.zip)."
                    : "The request body could not be read (" + e.getMessage() + ").");
            return json(status, body).toResponse();
        }
        return e.getResponse();
    }

    @ServerExceptionMapper
    public RestResponse<Map<String, Object>> unexpected(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        if (cause instanceof DistributorException e) {
            return distributor(e);
        }
        if (isUnreadableForm(cause)) {
            var body = new LinkedHashMap<String, Object>();
            body.put("code", ErrorCode.INVALID_INPUT.name());
            body.put("message", "The multipart/form-data body could not be read (" + cause.getMessage() + ").");
            return json(400, body);
        }
        if (PoolPressure.isExhaustion(cause)) {
            // Counted and reported once per interval (PoolPressure), not an ERROR with a stack trace per request.
            var busy = Arc.container().instance(PoolPressure.class).get().busy(cause, "REST request");
            return json(statusOf(busy.code()), body(busy));
        }
        String requestId = RequestIds.currentOrNew();
        LOG.errorf(cause, "Unexpected failure, request id %s", requestId);
        var body = new LinkedHashMap<String, Object>();
        body.put("code", ErrorCode.INTERNAL.name());
        body.put("message", "Unexpected server error. Quote request id " + requestId + " when reporting it.");
        body.put("requestId", requestId);
        return json(500, body);
    }

    /**
     * The HTTP status a code maps to, the one table for the REST API under {@code /api} and the agent API under
     * {@code /agent/v1} alike (docs/AGENT-PROTOCOL.md lists the agent's codes with these statuses). Automation should
     * branch on the code; the status is for HTTP tooling and for agents' retry rule (5xx is retried, 4xx is not).
     */
    public static int statusOf(ErrorCode code) {
        String name = code.name();
        if (name.endsWith("_NOT_FOUND")) {
            return 404;
        }
        if (name.endsWith("_EXISTS") || name.endsWith("_IN_USE") || code == ErrorCode.INVALID_STATE) {
            return 409;
        }
        return switch (code) {
            case UNAUTHORIZED, ACTIVATION_INVALID -> 401;
            case COMMAND_NOT_YOURS, FORBIDDEN -> 403;
            case ACTIVATION_EXPIRED, ACTIVATION_REVOKED -> 410;
            case ACTIVATION_EXHAUSTED -> 409;
            case OUTPUT_TOO_LARGE -> 413;
            case STORAGE_UNAVAILABLE, SERVICE_BUSY -> 503;
            case INTERNAL -> 500;
            default -> 400;
        };
    }

    /**
     * The multipart parser reports a truncated or malformed body as a plain IOException before any endpoint runs; it is
     * the client's error, told apart from our own I/O failures by where it was thrown.
     */
    private static boolean isUnreadableForm(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            StackTraceElement[] stack = t.getStackTrace();
            if (t.getClass().getName().startsWith(MULTIPART_PARSER)
                    || stack.length > 0 && stack[0].getClassName().startsWith(MULTIPART_PARSER)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> body(DistributorException e) {
        var body = new LinkedHashMap<String, Object>();
        body.put("code", e.code().name());
        body.put("message", e.getMessage());
        e.details().forEach(body::putIfAbsent);
        return body;
    }

    private static RestResponse<Map<String, Object>> json(int status, Map<String, Object> body) {
        var answer = RestResponse.ResponseBuilder.<Map<String, Object>>create(status)
                .entity(body)
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (status == 401) {
            // RFC 6750 §3: a 401 for a bearer-token API names the scheme it expects.
            answer.header("WWW-Authenticate", "Bearer");
        }
        return answer.build();
    }
}
