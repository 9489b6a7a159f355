package dev.distributor.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vertx.core.net.HostAndPort;
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
        assertThat(AccessModeConfig.derive("1", null, null)).as("any boolean SmallRye reads as true")
                .containsEntry("quarkus.http.host", "127.0.0.1");
        assertThat(AccessModeConfig.derive("ON", null, null)).containsEntry("quarkus.http.host", "127.0.0.1");
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

        assertThat(LocalModeGuard.refusal("/agent/v1/commands/next", remote, "192.0.2.2:8080", null, null)).isNull();
        assertThat(LocalModeGuard.refusal("/agent/install.sh", remote, "any", null, null)).isNull();
        assertThat(LocalModeGuard.refusal("/graphql", remote, "localhost:8080", null, null)).contains("not on this");
        assertThat(LocalModeGuard.refusal("/api/audit", remote, "localhost", null, null)).isNotNull();
        assertThat(LocalModeGuard.refusal("/agentx", remote, "localhost", null, null)).as("a prefix is no path")
                .isNotNull();
        assertThat(LocalModeGuard.refusal("/graphql", null, "localhost", null, null)).isNotNull();
        assertThat(LocalModeGuard.refusal("/graphql", loopback, "localhost:8080", null, null)).isNull();
    }

    @Test
    void everyLoopbackAddressIsLoopback_andNothingElse() {
        assertThat(LocalModeGuard.isLoopback("127.0.0.1")).isTrue();
        assertThat(LocalModeGuard.isLoopback("127.8.9.10")).isTrue();
        assertThat(LocalModeGuard.isLoopback("::1")).isTrue();
        assertThat(LocalModeGuard.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(LocalModeGuard.isLoopback("192.0.2.7")).isFalse();
        assertThat(LocalModeGuard.isLoopback("::ffff:192.0.2.7")).isFalse();
        assertThat(LocalModeGuard.isLoopback("localhost")).as("names are never looked up").isFalse();
        assertThat(LocalModeGuard.isLoopback("")).isFalse();
    }

    /** Over HTTP/2 there is no Host header: the :authority pseudo-header stands in, written the same way. */
    @Test
    void theAuthorityIsWrittenAsAHostHeader() {
        assertThat(LocalModeGuard.authority(HostAndPort.create("127.0.0.1", 8080))).isEqualTo("127.0.0.1:8080");
        assertThat(LocalModeGuard.authority(HostAndPort.create("::1", 8080))).isEqualTo("[::1]:8080");
        assertThat(LocalModeGuard.authority(HostAndPort.create("[::1]", 8080))).isEqualTo("[::1]:8080");
        assertThat(LocalModeGuard.authority(HostAndPort.create("localhost", -1))).isEqualTo("localhost");
        assertThat(LocalModeGuard.authority(null)).isNull();
        SocketAddress loopback = SocketAddress.inetSocketAddress(40000, "::1");
        assertThat(LocalModeGuard.refusal("/graphql", loopback,
                LocalModeGuard.authority(HostAndPort.create("::1", 8080)), null, null)).isNull();
    }

    /** A page elsewhere must not drive the local admin: DNS rebinding and cross-site requests (CSRF). */
    @Test
    void localModeRefusesWhatABrowserPageElsewhereCouldSend() {
        SocketAddress loopback = SocketAddress.inetSocketAddress(40000, "127.0.0.1");

        assertThat(LocalModeGuard.refusal("/graphql", loopback, "rebound.example.com:8080", null, null))
                .contains("Host");
        assertThat(LocalModeGuard.refusal("/graphql", loopback, null, null, null)).contains("Host");
        assertThat(LocalModeGuard.refusal("/api/packages/p/bundles", loopback, "localhost:8080",
                "https://evil.example.com", null)).contains("another site");
        assertThat(LocalModeGuard.refusal("/graphql", loopback, "localhost:8080", null, "cross-site"))
                .contains("another site");
        assertThat(LocalModeGuard.refusal("/graphql", loopback, "127.0.0.1:8080", "http://localhost:5173",
                "same-site")).as("a console on another local port").isNull();
        assertThat(LocalModeGuard.refusal("/graphql", loopback, "[::1]:8080", "http://[::1]:8080", "same-origin"))
                .isNull();
    }
}
