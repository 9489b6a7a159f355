package dev.distributor.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Real signed access tokens for {@link OidcProfile}, shaped as Keycloak issues them (roles in
 * {@code realm_access.roles}), and the bad ones a service must refuse.
 */
public final class Tokens {

    /** The issuer {@code quarkus-test-oidc-server}'s discovery document names. */
    public static final String ISSUER = "https://server.example.com";

    private Tokens() {
    }

    /** A valid token for {@code subject} holding {@code roles} (viewer, publisher, deployer, admin, or none). */
    public static String of(String subject, String... roles) {
        return claims(subject, roles).sign();
    }

    /** A token for {@code subject} that expired a minute ago. */
    public static String expired(String subject, String... roles) {
        Instant now = Instant.now();
        return claims(subject, roles).issuedAt(now.minus(Duration.ofMinutes(10)))
                .expiresAt(now.minus(Duration.ofMinutes(1))).sign();
    }

    /** A token signed with the provider's key but naming another issuer. */
    public static String otherIssuer(String subject, String... roles) {
        return claims(subject, roles).issuer("https://other.example.com").sign();
    }

    /** A token from the right issuer for another audience. */
    public static String wrongAudience(String subject, String... roles) {
        return claims(subject, roles).audience("someone-else").sign();
    }

    /** A valid token that expires after {@code lifetime}. */
    public static String expiringIn(Duration lifetime, String subject, String... roles) {
        return claims(subject, roles).expiresIn(lifetime).sign();
    }

    private static JwtClaimsBuilder claims(String subject, String... roles) {
        return Jwt.issuer(ISSUER).subject(subject).preferredUserName(subject + "-name")
                .audience(OidcProfile.AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expiresIn(Duration.ofMinutes(10));
    }
}
