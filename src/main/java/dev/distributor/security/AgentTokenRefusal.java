package dev.distributor.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;

/** Agent tokens open {@code /agent/v1} only: the GraphQL API (HTTP and WebSocket) refuses them with 401. */
@ApplicationScoped
public class AgentTokenRefusal {

    private static final String BODY = """
            {"errors":[{"message":"Agent tokens cannot call the GraphQL API.","extensions":{"code":"UNAUTHORIZED"}}]}
            """;

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String auth = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
            if (rc.normalizedPath().startsWith("/graphql") && auth != null
                    && auth.regionMatches(true, 0, "Bearer dagt_", 0, 12)) {
                rc.response().setStatusCode(401)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(BODY.strip());
                return;
            }
            rc.next();
        }, 100);
    }
}
