package dev.distributor.agent.rest;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;
import io.vertx.ext.web.RoutingContext;

import dev.distributor.fleet.AgentConfig;

/**
 * Where hosts reach this service: {@code distributor.agent.public-url} when set, else the scheme and host of the
 * request. A request's Host header is the client's to choose, so a URL that goes into a served shell script must pass
 * {@link #SAFE} (no quotes, spaces, {@code $}, {@code %} or anything else a shell or a systemd unit would expand).
 */
@ApplicationScoped
@Startup
public class PublicUrl {

    /** http(s), a host name or IPv4 address, an optional port, an optional path prefix; nothing to escape. */
    static final Pattern SAFE = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?");

    private final Optional<String> configured;

    public PublicUrl(AgentConfig config) {
        this.configured = config.publicUrl().map(PublicUrl::withoutTrailingSlash);
        configured.ifPresent(url -> {
            if (!SAFE.matcher(url).matches()) {
                throw new IllegalArgumentException("distributor.agent.public-url (DISTRIBUTOR_AGENT_PUBLIC_URL) must be"
                        + " http(s)://host[:port][/path] with only letters, digits and ._~/- in host and path, not '"
                        + url + "'.");
            }
        });
    }

    /** The base URL for a served shell script, or empty when the request's own URL is not {@link #SAFE}. */
    public Optional<String> forScript(RoutingContext rc) {
        return configured.or(() -> fromRequest(rc).filter(url -> SAFE.matcher(url).matches()));
    }

    /** The base URL for a URL handed to an agent in a {@code KEY=value} answer. */
    public String forAnswer(RoutingContext rc) {
        return configured.or(() -> fromRequest(rc)).orElse("");
    }

    private static Optional<String> fromRequest(RoutingContext rc) {
        try {
            URI uri = URI.create(rc.request().absoluteURI());
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return Optional.empty();
            }
            return Optional.of(uri.getScheme() + "://" + uri.getRawAuthority());
        } catch (RuntimeException e) {
            // A Host header that does not make a URI.
            return Optional.empty();
        }
    }

    private static String withoutTrailingSlash(String url) {
        String trimmed = url.trim();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
