package dev.distributor.security;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Framework settings that follow from the access mode, computed before the application starts:
 * <ul>
 * <li>local mode binds the HTTP server to loopback ({@code 127.0.0.1}), or to {@code DISTRIBUTOR_AGENT_BIND} when set
 * so agents on other hosts can join (then {@link LocalModeGuard} keeps the API to loopback clients). It outranks
 * {@code DISTRIBUTOR_HTTP_HOST}: local mode never serves the API on another address;</li>
 * <li>without an issuer the OIDC tenant is switched off, so {@link AccessModeCheck} can say what is missing instead of
 * the OIDC extension failing on an empty {@code auth-server-url}.</li>
 * </ul>
 */
public class AccessModeConfig implements ConfigSourceFactory {

    /** Above environment variables (300) and system properties (400). */
    static final int ORDINAL = 500;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> derived = derive(value(context, "distributor.auth.local-mode"),
                value(context, "distributor.auth.agent-bind"), value(context, "quarkus.oidc.auth-server-url"));
        return derived.isEmpty()
                ? List.of()
                : List.of(new PropertiesConfigSource(derived, "access-mode", ORDINAL));
    }

    /** The settings for these raw values (null or blank when unset). Pure, for tests. */
    static Map<String, String> derive(String localMode, String agentBind, String issuer) {
        Map<String, String> derived = new HashMap<>();
        if (isTrue(localMode)) {
            derived.put("quarkus.http.host", blank(agentBind) ? "127.0.0.1" : agentBind.strip());
        }
        // Always set, true included: the build runs this too (without an issuer) and Quarkus records its false as the
        // packaged jar's default, which only a value from this source outranks at run time.
        derived.put("quarkus.oidc.tenant-enabled", String.valueOf(!blank(issuer)));
        return derived;
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }

    /** As SmallRye Config reads a boolean for {@link AccessConfig#localMode()}: true, 1, yes, y, on. */
    static boolean isTrue(String value) {
        return value != null && Set.of("true", "1", "yes", "y", "on").contains(value.strip().toLowerCase(Locale.ROOT));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
