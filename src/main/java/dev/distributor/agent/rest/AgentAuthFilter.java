package dev.distributor.agent.rest;

import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.fleet.service.AgentTokens;
import dev.distributor.fleet.service.Liveness;

/**
 * Authenticates every {@code /agent/v1} call but {@code register} with the agent's bearer token, notes the sign of
 * life, and hands the instance id to the resource. Anything but a live agent token answers 401 UNAUTHORIZED: a
 * missing one says a token is "required", one that is unknown, malformed or revoked says "invalid or revoked".
 *
 * <p>
 * When a rotation of the host's token is due, the answer (whatever its status) carries the successor in the
 * {@value #SUCCESSOR_HEADER} header (docs/AGENT-PROTOCOL.md, "Token rotation").
 */
public class AgentAuthFilter {

    /** The header that hands an agent its new token. */
    public static final String SUCCESSOR_HEADER = "X-Distributor-Agent-Token";

    static final String INSTANCE_ID = "distributor.agent.instanceId";
    private static final String TOKEN_SHA256 = "distributor.agent.tokenSha256";
    private static final String SUCCESSOR = "distributor.agent.successor";
    private static final String PREFIX = "/agent/v1/";

    private final AgentTokens tokens;
    private final Liveness liveness;

    public AgentAuthFilter(AgentTokens tokens, Liveness liveness) {
        this.tokens = tokens;
        this.liveness = liveness;
    }

    @ServerRequestFilter
    public Uni<Response> authenticate(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (!path.startsWith(PREFIX) || path.equals(PREFIX + "register")) {
            return null;
        }
        Optional<String> token = AgentRequests.bearerToken(rc.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            return Uni.createFrom().item(unauthorized("An agent token (Authorization: Bearer dagt_...) is required."));
        }
        return tokens.authenticate(token.get()).map(found -> {
            if (found.isEmpty()) {
                return unauthorized("The agent token is invalid or revoked: register the host again for a new one.");
            }
            AgentTokens.Authenticated call = found.get();
            rc.put(INSTANCE_ID, call.instanceId());
            rc.put(TOKEN_SHA256, call.tokenSha256());
            if (call.successor() != null) {
                rc.put(SUCCESSOR, Boolean.TRUE);
                // Set on the connection's response now, so every answer carries it, errors and streamed files too.
                rc.response().putHeader(SUCCESSOR_HEADER, call.successor());
            }
            liveness.seen(call.instanceId());
            return null;
        });
    }

    /** The SHA-256 of the token this call was authenticated with. */
    static String tokenSha256(RoutingContext rc) {
        return rc.get(TOKEN_SHA256);
    }

    /** Whether this call's answer hands the agent a new token. */
    static boolean handsOutSuccessor(RoutingContext rc) {
        return rc.get(SUCCESSOR) != null;
    }

    private static Response unauthorized(String message) {
        return AgentErrors.answer(new DistributorException(ErrorCode.UNAUTHORIZED, message));
    }
}
