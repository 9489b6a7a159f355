package dev.distributor.console;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** How the web console signs users in, in OIDC mode (README, "Configuration"). */
@ConfigMapping(prefix = "distributor.console")
public interface ConsoleConfig {

    /**
     * The OIDC client id of the console ({@code DISTRIBUTOR_CONSOLE_OIDC_CLIENT_ID}): a public client with the
     * authorization code flow and PKCE (RFC 7636), redirect URI {@code https://<service>/}. Unset in OIDC mode: the
     * console says it cannot sign in; the API works as before.
     */
    @WithName("oidc-client-id")
    Optional<String> oidcClientId();

    /** The scopes the console asks for ({@code DISTRIBUTOR_CONSOLE_OIDC_SCOPE}). */
    @WithName("oidc-scope")
    @WithDefault("openid profile")
    String oidcScope();
}
