package dev.distributor.security;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * How callers are identified (README, "Access control"). Exactly one of the two modes must be chosen, or the service
 * refuses to start ({@link AccessModeCheck}).
 */
@ConfigMapping(prefix = "distributor.auth")
public interface AccessConfig {

    /**
     * Local mode ({@code DISTRIBUTOR_LOCAL_MODE=true}): no identity provider; every caller is the local admin, and the
     * API answers loopback clients only. For a laptop; {@code ./bin/run} uses it.
     */
    @WithDefault("false")
    boolean localMode();

    /**
     * Local mode only: the address to bind ({@code DISTRIBUTOR_AGENT_BIND}, for example {@code 0.0.0.0}) so agents on
     * other hosts can reach {@code /agent}; unset binds loopback. The API answers loopback clients either way.
     */
    @WithName("agent-bind")
    Optional<String> agentBind();

    /** The OIDC issuer URL ({@code DISTRIBUTOR_OIDC_ISSUER}); tokens are checked against its discovery document. */
    @WithName("oidc-issuer")
    Optional<String> oidcIssuer();

    /** The audience tokens must carry ({@code DISTRIBUTOR_OIDC_AUDIENCE}); unset accepts any (warned at start). */
    @WithName("oidc-audience")
    Optional<String> oidcAudience();
}
