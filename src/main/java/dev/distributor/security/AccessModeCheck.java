package dev.distributor.security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Refuses to start a service nobody chose how to protect: without an identity provider and without local mode anyone
 * reaching the port could push root scripts to every host. In local mode it says so loudly at start.
 */
@ApplicationScoped
public class AccessModeCheck {

    private static final Logger LOG = Logger.getLogger(AccessModeCheck.class);

    private final AccessConfig config;
    private final String host;
    private final int port;

    public AccessModeCheck(AccessConfig config, @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.config = config;
        this.host = host;
        this.port = port;
    }

    void check(@Observes @Priority(1) StartupEvent start) {
        String problem = problem(config.localMode(), config.oidcIssuer().isPresent());
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        if (config.localMode()) {
            LOG.warnf("""

                    ******************************************************************************************
                    LOCAL MODE: no identity provider. Every caller is the local admin.
                    GraphQL, REST and the console answer loopback clients only; listening on %s:%d.
                    %s
                    Never run local mode on a shared or production host: set DISTRIBUTOR_OIDC_ISSUER instead.
                    ******************************************************************************************""",
                    host, port, LocalModeGuard.isLoopback(host)
                            ? "Agents on other hosts cannot join: set DISTRIBUTOR_AGENT_BIND=0.0.0.0 to let them."
                            : "Agents on other hosts may reach /agent through " + host + " (DISTRIBUTOR_AGENT_BIND).");
        } else if (config.oidcAudience().isEmpty()) {
            LOG.warn("DISTRIBUTOR_OIDC_AUDIENCE is not set: any token the issuer signed is accepted, whoever it "
                    + "was issued for. Set it to this service's client id or audience.");
        }
    }

    /** Why this combination cannot start, or null when it can. Pure, for tests. */
    static String problem(boolean localMode, boolean oidcConfigured) {
        if (localMode && oidcConfigured) {
            return "Distributor cannot start: both DISTRIBUTOR_LOCAL_MODE=true and DISTRIBUTOR_OIDC_ISSUER are set. "
                    + "Choose one: an identity provider for a shared service, or local mode on a laptop.";
        }
        if (!localMode && !oidcConfigured) {
            return "Distributor refuses to start without access control: set DISTRIBUTOR_OIDC_ISSUER (and "
                    + "DISTRIBUTOR_OIDC_AUDIENCE) to your identity provider, or DISTRIBUTOR_LOCAL_MODE=true to run "
                    + "on a laptop with the API on loopback only (./bin/run does). See docs/SECURITY.md.";
        }
        return null;
    }
}
