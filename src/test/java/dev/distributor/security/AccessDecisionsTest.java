package dev.distributor.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vertx.core.net.SocketAddress;

/** The pure decisions of access control, called directly: roles to permissions, the access mode, local mode's guard. */
class AccessDecisionsTest {

    @Test
    void publishingAndDeployingAreSeparatePermissions() {
        assertThat(Role.permissionsOf(List.of("viewer"))).containsExactly(Permission.VIEW);
        assertThat(Role.permissionsOf(List.of("publisher"))).containsExactly(Permission.VIEW, Permission.PUBLISH);
        assertThat(Role.permissionsOf(List.of("deployer"))).containsExactly(Permission.VIEW, Permission.DEPLOY);
        assertThat(Role.permissionsOf(List.of("admin"))).containsExactly(Permission.values());
        assertThat(Role.permissionsOf(List.of("publisher", "deployer")))
                .containsExactly(Permission.VIEW, Permission.PUBLISH, Permission.DEPLOY);
    }

    @Test
    void providerRolesWithOtherNamesGrantNothing() {
        assertThat(Role.permissionsOf(List.of("Admin", "ADMIN", "offline_access", "uma_authorization"))).isEmpty();
        assertThat(Role.permissionsOf(List.of())).isEmpty();
    }

    @Test
    void theServiceStartsWithExactlyOneAccessMode() {
        assertThat(AccessModeCheck.problem(true, false)).isNull();
        assertThat(AccessModeCheck.problem(false, true)).isNull();
        assertThat(AccessModeCheck.problem(false, false)).contains("refuses to start")
                .contains("DISTRIBUTOR_OIDC_ISSUER").contains("DISTRIBUTOR_LOCAL_MODE=true");
        assertThat(AccessModeCheck.problem(true, true)).contains("Choose one");
    }

    @Test
    void localModeBindsLoopback_orTheAgentBindAddress_andOutranksTheHttpHost() {
        assertThat(AccessModeConfig.derive("true", null, null))
                .isEqualTo(Map.of("quarkus.http.host", "127.0.0.1", "quarkus.oidc.tenant-enabled", "false"));
        assertThat(AccessModeConfig.derive("true", " 0.0.0.0 ", ""))
                .containsEntry("quarkus.http.host", "0.0.0.0");
        assertThat(AccessModeConfig.ORDINAL).as("above environment variables and system properties")
                .isGreaterThan(400);
    }

    /** Written as true too: the build runs this without an issuer and would bake its false into the jar. */
    @Test
    void withAnIssuer_theOidcTenantIsSwitchedOnExplicitly_andTheBindAddressIsTheOperators() {
        assertThat(AccessModeConfig.derive("false", "0.0.0.0", "https://idp.example.com/realms/x"))
                .isEqualTo(Map.of("quarkus.oidc.tenant-enabled", "true"));
        assertThat(AccessModeConfig.derive(null, null, null))
                .isEqualTo(Map.of("quarkus.oidc.tenant-enabled", "false"));
    }

    @Test
    void localModeAnswersOtherHostsOnAgentPathsOnly() {
        SocketAddress remote = SocketAddress.inetSocketAddress(40000, "192.0.2.7");
        SocketAddress loopback = SocketAddress.inetSocketAddress(40000, "127.0.0.1");
        SocketAddress loopback6 = SocketAddress.inetSocketAddress(40000, "::1");

        assertThat(LocalModeGuard.allowed("/agent/v1/commands/next", remote)).isTrue();
        assertThat(LocalModeGuard.allowed("/agent/install.sh", remote)).isTrue();
        assertThat(LocalModeGuard.allowed("/graphql", remote)).isFalse();
        assertThat(LocalModeGuard.allowed("/api/audit", remote)).isFalse();
        assertThat(LocalModeGuard.allowed("/agentx", remote)).as("a prefix is not a path").isFalse();
        assertThat(LocalModeGuard.allowed("/", remote)).isFalse();
        assertThat(LocalModeGuard.allowed("/graphql", loopback)).isTrue();
        assertThat(LocalModeGuard.allowed("/graphql", loopback6)).isTrue();
        assertThat(LocalModeGuard.allowed("/graphql", null)).isFalse();
    }
}
