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
 */
public class AgentAuthFilter {

    static final String INSTANCE_ID = "distributor.agent.instanceId";
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
        return tokens.instanceFor(token.get()).map(instance -> {
            if (instance.isEmpty()) {
                return unauthorized("The agent token is invalid or revoked: register the host again for a new one.");
            }
            rc.put(INSTANCE_ID, instance.get());
            liveness.seen(instance.get());
            return null;
        });
    }

    private static Response unauthorized(String message) {
        return AgentErrors.answer(new DistributorException(ErrorCode.UNAUTHORIZED, message));
    }
}
