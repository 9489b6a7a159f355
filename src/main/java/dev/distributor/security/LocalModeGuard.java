package dev.distributor.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * In local mode, where every caller is the admin, serves everything but the agent paths ({@code /agent/...}) only to
 * this machine, and only to requests a browser page elsewhere cannot forge:
 * <ul>
 * <li>the connection's peer is a loopback address (the socket's own, never a forwarded header);</li>
 * <li>the {@code Host} is a loopback name ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}), so a DNS-rebinding
 * page cannot reach the API under its own name;</li>
 * <li>no {@code Origin} other than a loopback one, and no {@code Sec-Fetch-Site: cross-site}, so a page on another
 * site cannot post a bundle or a mutation (cross-site request forgery, Fetch Metadata, W3C).</li>
 * </ul>
 * The service binds loopback anyway ({@link AccessModeConfig}); this holds when {@code DISTRIBUTOR_AGENT_BIND} opens
 * the port to other hosts so their agents can join.
 */
@ApplicationScoped
public class LocalModeGuard {

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

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
        var request = rc.request();
        // authority(): the Host header over HTTP/1.1, the :authority pseudo-header over HTTP/2 (which has no Host,
        // and which Java's HttpClient reaches by upgrading a plain http:// connection).
        String host = authority(request.authority());
        String refusal = refusal(rc.normalizedPath(), request.connection().remoteAddress(), host,
                request.getHeader(HttpHeaders.ORIGIN),
                request.getHeader("Sec-Fetch-Site"));
        if (refusal == null) {
            rc.next();
            return;
        }
        String message = "This service runs in local mode: its API answers pages and programs on this machine only ("
                + refusal + ").";
        String body = rc.normalizedPath().startsWith("/graphql")
                ? new JsonObject().put("errors", new JsonArray().add(
                        new JsonObject().put("message", message).put("extensions",
                                new JsonObject().put("code", "FORBIDDEN"))))
                        .encode()
                : new JsonObject().put("code", "FORBIDDEN").put("message", message).encode();
        rc.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }

    /** Why this request may not pass, or null when it may. Pure, for tests. */
    static String refusal(String path, SocketAddress peer, String host, String origin, String fetchSite) {
        if (path != null && (path.equals("/agent") || path.startsWith("/agent/"))) {
            return null;
        }
        if (peer == null || !isLoopback(peer.hostAddress())) {
            return "the client is not on this machine";
        }
        if (host == null || !LOOPBACK_NAMES.contains(hostName(host))) {
            return "the Host header is not localhost, 127.0.0.1 or [::1]";
        }
        if (origin != null && !origin.equals("null") && !LOOPBACK_NAMES.contains(originHost(origin))) {
            return "the request comes from a page on another site";
        }
        if ("cross-site".equalsIgnoreCase(fetchSite)) {
            return "the request comes from a page on another site";
        }
        return null;
    }

    /** True for any loopback address (127.0.0.0/8, ::1, IPv4-mapped 127.x), parsed as an address, never looked up. */
    static boolean isLoopback(String address) {
        if (address == null || address.isEmpty() || !address.matches("[0-9a-fA-F:.%]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The authority as a Host header writes it: {@code localhost:8080}, {@code [::1]:8080}; null when absent. */
    static String authority(HostAndPort authority) {
        if (authority == null || authority.host() == null) {
            return null;
        }
        String host = authority.host();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return authority.port() >= 0 ? host + ":" + authority.port() : host;
    }

    /** {@code localhost:8080} → {@code localhost}; {@code [::1]:8080} → {@code [::1]}. */
    private static String hostName(String host) {
        String lower = host.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("[")) {
            int end = lower.indexOf(']');
            return end < 0 ? lower : lower.substring(0, end + 1);
        }
        int colon = lower.indexOf(':');
        return colon < 0 ? lower : lower.substring(0, colon);
    }

    /** {@code http://localhost:5173} → {@code localhost}. */
    private static String originHost(String origin) {
        int scheme = origin.indexOf("://");
        return scheme < 0 ? "" : hostName(origin.substring(scheme + 3));
    }
}
