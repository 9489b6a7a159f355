package dev.distributor.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.distributor.security.AccessConfig;

/**
 * {@code GET /api/console/settings}: what the web console needs before it can sign anyone in. Public by design (a
 * browser asks before it has a token) and holding nothing secret: the issuer and the console's public client id are
 * what any OIDC login page shows.
 */
@Path("/api/console/settings")
public class ConsoleSettingsResource {

    /**
     * The answer: {@code mode} LOCAL (no sign-in) or OIDC; in OIDC mode the {@code issuer}, the console's
     * {@code clientId} (null when not configured) and the {@code scope} to ask for.
     */
    public record ConsoleSettings(String mode, String issuer, String clientId, String scope) {
    }

    private final AccessConfig access;
    private final ConsoleConfig console;

    public ConsoleSettingsResource(AccessConfig access, ConsoleConfig console) {
        this.access = access;
        this.console = console;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ConsoleSettings settings() {
        if (access.localMode()) {
            return new ConsoleSettings("LOCAL", null, null, console.oidcScope());
        }
        return new ConsoleSettings("OIDC", access.oidcIssuer().orElse(null), console.oidcClientId().orElse(null),
                console.oidcScope());
    }
}
