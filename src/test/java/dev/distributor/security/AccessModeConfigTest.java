package dev.distributor.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The framework settings the access mode implies, computed before the application starts. */
class AccessModeConfigTest {

    @Test
    void anIssuerSwitchesTheOidcTenantOnExplicitly() {
        // Explicitly true: the build (no issuer) records false as the packaged jar's default, and only this source
        // outranks it at run time. Without it, OIDC mode refused every token as if none were sent.
        assertThat(AccessModeConfig.derive(null, null, "http://127.0.0.1:8180/realms/distributor"))
                .containsEntry("quarkus.oidc.tenant-enabled", "true")
                .doesNotContainKey("quarkus.http.host");
    }

    @Test
    void withoutAnIssuerTheOidcTenantIsOff() {
        assertThat(AccessModeConfig.derive("true", null, " "))
                .containsEntry("quarkus.oidc.tenant-enabled", "false")
                .containsEntry("quarkus.http.host", "127.0.0.1");
    }
}
