package dev.distributor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

import dev.distributor.testing.GraphQLWs;

/**
 * Access control end to end against a real Keycloak ({@link Keycloak}): one replica in OIDC mode trusts the test
 * realm's issuer and audience, and the realm's users (one per role, and one with none) sign in with the password
 * grant. Spot-checks the role matrix of docs/SECURITY.md over HTTP, a subscription authorised by the token in its
 * connection_init payload, and the audit rows naming the Keycloak user.
 */
class KeycloakIT {

    private static final String PACKAGES = "query { packages(first: 1) { totalCount } }";
    private static final String CREATE_PACKAGE = "mutation($n: String!) { createPackage(input: {name: $n}) { name } }";
    private static final String CREATE_ACTIVATION = "mutation($i: CreateActivationInput!) { "
            + "createActivation(input: $i) { id } }";
    private static final String CREATE_DEPLOYMENT = "mutation($i: CreateDeploymentInput!) { "
            + "createDeployment(input: $i) { id } }";
    private static final String TARGET_EVENTS = "subscription { targetEvents { seq snapshot { matchingTargets } } }";
    private static final Map<String, Object> ACTIVATION = Map.of("i", Map.of("account", "123456789012",
            "region", "eu-west-1", "registrationLimit", 1));

    private static Keycloak keycloak;
    private static ServiceCluster cluster;
    private static ServiceProcess replica;
    private static ServiceApi anonymous;
    private static final Map<String, String> tokens = new HashMap<>();

    @BeforeAll
    static void start() {
        long starting = System.nanoTime();
        try {
            keycloak = Keycloak.start();
            long keycloakReady = System.nanoTime();
            cluster = ServiceCluster.start(Map.of(
                    "DISTRIBUTOR_LOCAL_MODE", "false",
                    "DISTRIBUTOR_OIDC_ISSUER", keycloak.issuer().toString(),
                    "DISTRIBUTOR_OIDC_AUDIENCE", Keycloak.AUDIENCE,
                    "DISTRIBUTOR_CONSOLE_OIDC_CLIENT_ID", Keycloak.CONSOLE_CLIENT));
            replica = cluster.replica("keycloak-oidc");
            anonymous = new ServiceApi(replica.baseUrl());
            for (String user : List.of("viewer", "publisher", "deployer", "admin", "nobody")) {
                tokens.put(user, keycloak.token(user));
            }
            System.out.printf("KeycloakIT: Keycloak ready in %d ms, the replica %d ms later%n",
                    (keycloakReady - starting) / 1_000_000, (System.nanoTime() - keycloakReady) / 1_000_000);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        // The service first, then Keycloak; each is closed even when the other's teardown fails.
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (keycloak != null) {
                keycloak.close();
            }
        }
    }

    /**
     * The web console in a browser: signing in with the authorization code flow and PKCE on Keycloak's login page, as
     * a viewer ("New package" disabled) and as a publisher (enabled), then signing out (frontend/e2e/oidc-sign-in.mjs).
     */
    @Test
    void theConsoleSignsInWithKeycloak_andFollowsTheRoles() {
        NodeTestRun.run("e2e/oidc-sign-in.mjs", "console-oidc-sign-in",
                Map.of("CONSOLE_URL", replica.baseUrl().toString()), Duration.ofMinutes(3));
    }

    @Test
    void aViewerReadsButCannotPublish() {
        ServiceApi viewer = as("viewer");
        assertThat(viewer.answer(PACKAGES, Map.of()).getInt("data.packages.totalCount")).isNotNegative();
        assertThat(viewer.errorCode(CREATE_PACKAGE, Map.of("n", "kc-by-viewer"))).isEqualTo("FORBIDDEN");
    }

    @Test
    void aPublisherPublishesButCannotCreateActivations() {
        ServiceApi publisher = as("publisher");
        // The GraphQL mutation and the REST upload of version 1.0.0, both with the Keycloak token.
        publisher.createPackage("kc-by-publisher");
        assertThat(publisher.errorCode(CREATE_ACTIVATION, ACTIVATION)).isEqualTo("FORBIDDEN");
    }

    @Test
    void aDeployerGetsPastAccessControlToDeployButCannotPublish() {
        ServiceApi deployer = as("deployer");
        // A package nobody published: the answer is about the package, not about who is asking.
        String code = deployer.errorCode(CREATE_DEPLOYMENT, Map.of("i", Map.of("packageName", "kc-missing",
                "selector", Map.of("tags", List.of("kc=none")))));
        assertThat(code).isNotNull().isNotIn("FORBIDDEN", "UNAUTHORIZED");
        assertThat(deployer.errorCode(CREATE_PACKAGE, Map.of("n", "kc-by-deployer"))).isEqualTo("FORBIDDEN");
    }

    @Test
    void anAdminCreatesActivations() {
        assertThat(as("admin").graphql(CREATE_ACTIVATION, ACTIVATION).getString("createActivation.id")).isNotBlank();
    }

    @Test
    void aUserWithNoRoleMayNotEvenRead() {
        assertThat(as("nobody").errorCode(PACKAGES, Map.of())).isEqualTo("FORBIDDEN");
    }

    @Test
    void noTokenOrAForgedOneIsUnauthorized() {
        long refusedBefore = anonymousRefusals();
        assertThat(anonymous.errorCode(PACKAGES, Map.of())).isEqualTo("UNAUTHORIZED");
        String admin = tokens.get("admin");
        String forged = admin.substring(0, admin.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        for (String bad : List.of(forged, "garbage")) {
            // A token that fails verification meets quarkus-oidc's challenge: 401 and no GraphQL body.
            Response answer = anonymous.as(bad).response(PACKAGES, Map.of());
            assertThat(answer.statusCode()).as("status for a bad token").isEqualTo(401);
            assertThat(answer.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        }
        // All three were refused by access control, as the anonymous caller, and audited; a bad token's 401 may
        // leave before its refusal's row commits (the challenge does not wait for the GraphQL execution).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(anonymousRefusals()).isEqualTo(refusedBefore + 3));
    }

    @Test
    void aSubscriptionIsAuthorisedByTheTokenInConnectionInit() throws Exception {
        try (GraphQLWs ws = GraphQLWs.connect(replica.baseUrl().resolve("/graphql"),
                Map.of("Authorization", "Bearer " + tokens.get("viewer")))) {
            GraphQLWs.Subscription events = ws.subscribe(TARGET_EVENTS, Map.of());
            await().atMost(Duration.ofSeconds(20)).until(() -> !events.next().isEmpty() || events.isDone());
            assertThat(events.errors()).isEmpty();
            JsonObject first = events.next().get(0).getJsonObject("data").getJsonObject("targetEvents");
            assertThat(first.getJsonObject("snapshot").getInteger("matchingTargets")).isNotNegative();
        }
        try (GraphQLWs ws = GraphQLWs.connect(replica.baseUrl().resolve("/graphql"))) {
            GraphQLWs.Subscription refused = ws.subscribe(TARGET_EVENTS, Map.of()).awaitDone(Duration.ofSeconds(20));
            assertThat(refused.errors()).extracting(e -> e.getJsonObject("extensions").getString("code"))
                    .containsExactly("UNAUTHORIZED");
        }
    }

    @Test
    void theAuditTrailNamesTheKeycloakUser() {
        ServiceApi publisher = as("publisher");
        publisher.graphql(CREATE_PACKAGE, Map.of("n", "kc-audited"));
        as("viewer").errorCode(CREATE_PACKAGE, Map.of("n", "kc-audited-by-viewer"));

        String publisherSub = Keycloak.subject(tokens.get("publisher"));
        String viewerSub = Keycloak.subject(tokens.get("viewer"));
        List<Map<String, Object>> rows = ItDatabase.rows("select actor, actor_name, action, outcome, resource "
                + "from audit_event where actor in ('" + publisherSub + "', '" + viewerSub + "') order by id");
        assertThat(rows).anySatisfy(row -> assertThat(row).containsEntry("actor", publisherSub)
                .containsEntry("actor_name", "publisher").containsEntry("action", "package.create")
                .containsEntry("outcome", "DONE").containsEntry("resource", "package/kc-audited"));
        assertThat(rows).anySatisfy(row -> assertThat(row).containsEntry("actor", viewerSub)
                .containsEntry("actor_name", "viewer").containsEntry("action", "package.create")
                .containsEntry("outcome", "REFUSED"));
    }

    private static long anonymousRefusals() {
        return (Long) ItDatabase.rows("select count(*) as n from audit_event where actor = 'anonymous' "
                + "and action = 'package.list' and outcome = 'REFUSED' and details->>'code' = 'UNAUTHORIZED'")
                .get(0).get("n");
    }

    private static ServiceApi as(String user) {
        return anonymous.as(tokens.get(user));
    }
}
