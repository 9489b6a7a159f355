package dev.distributor.testing;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The service as production runs it: local mode off, bearer tokens checked against an OIDC provider. The provider is
 * {@code quarkus-test-oidc-server} (WireMock serving a discovery document and signing keys); {@link Tokens} signs real
 * JWTs with its private key.
 */
public class OidcProfile implements QuarkusTestProfile {

    /** The web console's OIDC client id, as /api/console/settings names it. */
    public static final String CONSOLE_CLIENT = "distributor-console";

    /** The audience the service requires. */
    public static final String AUDIENCE = "distributor";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("distributor.auth.local-mode", "false",
                "distributor.auth.oidc-issuer", "${keycloak.url}/realms/quarkus",
                "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus",
                "distributor.auth.oidc-audience", AUDIENCE,
                "quarkus.oidc.token.audience", AUDIENCE,
                "distributor.console.oidc-client-id", CONSOLE_CLIENT,
                // Profile overrides come after the service derived its settings from the environment (AccessModeConfig).
                "quarkus.oidc.tenant-enabled", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OidcWiremockTestResource.class));
    }
}
