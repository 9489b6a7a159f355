package dev.distributor.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * In local mode, answers only loopback clients on everything but the agent paths ({@code /agent/...}). The service
 * binds to loopback there anyway ({@link AccessModeConfig}); this holds when {@code DISTRIBUTOR_AGENT_BIND} opens the
 * port to other hosts so their agents can join.
 */
@ApplicationScoped
public class LocalModeGuard {

    private static final String BODY = """
            {"errors":[{"message":"This service runs in local mode: its API answers this machine only.","extensions":{"code":"FORBIDDEN"}}]}
            """
            .strip();

    private final AccessConfig config;

    public LocalModeGuard(AccessConfig config) {
        this.config = config;
    }

    void register(@Observes Filters filters) {
        if (!config.localMode()) {
            return;
        }
        filters.register(this::guard, 110);
    }

    private void guard(RoutingContext rc) {
        if (allowed(rc.normalizedPath(), rc.request().remoteAddress())) {
            rc.next();
            return;
        }
        rc.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(BODY);
    }

    /** Agent paths from anywhere; everything else from loopback only. Pure, for tests. */
    static boolean allowed(String path, SocketAddress client) {
        if (path != null && (path.equals("/agent") || path.startsWith("/agent/"))) {
            return true;
        }
        return client != null && isLoopback(client.hostAddress());
    }

    static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1")
                || address.startsWith("::ffff:127.");
    }
}
