package dev.distributor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

import dev.distributor.security.Role;
import dev.distributor.testing.GraphQLWs;
import dev.distributor.testing.ShellAgents;

/**
 * Access control end to end against a real Keycloak ({@link Keycloak}): one replica in OIDC mode trusts the test
 * realm's issuer and audience, and the realm's users (one per role, and one with none) sign in with the password
 * grant. Spot-checks the role matrix of docs/SECURITY.md over HTTP, a subscription authorised by the token in its
 * connection_init payload, and the audit rows naming the Keycloak user. A second replica trusts deploy/compose's realm
 * as the compose stack's replicas do: its users sign in with the passwords deploy/compose/README.md documents, and its
 * activate.sh and agent entrypoint register a host.
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
    private static ServiceProcess composeReplica;
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
            // As deploy/compose/compose.yaml configures its replicas (there the issuer is the browsers' address and
            // QUARKUS_OIDC_AUTH_SERVER_URL the containers' one; here both are this Keycloak). Both replicas start at
            // once, as ServiceCluster.replicas starts its own.
            CompletableFuture<ServiceProcess> compose = CompletableFuture.supplyAsync(
                    () -> cluster.replica("keycloak-compose-realm", Map.of(
                            "DISTRIBUTOR_OIDC_ISSUER", keycloak.issuer(Keycloak.COMPOSE_REALM).toString(),
                            "QUARKUS_OIDC_AUTH_SERVER_URL", keycloak.issuer(Keycloak.COMPOSE_REALM).toString())));
            RuntimeException failure = null;
            try {
                replica = cluster.replica("keycloak-oidc");
            } catch (RuntimeException e) {
                failure = e;
            }
            // Joined even when the other failed, so that close() finds every process that started.
            try {
                composeReplica = compose.join();
            } catch (CompletionException e) {
                failure = failure == null
                        ? new IllegalStateException("the compose-realm replica did not start",
                                e.getCause())
                        : failure;
            }
            if (failure != null) {
                throw failure;
            }
            anonymous = new ServiceApi(replica.baseUrl());
            for (String user : List.of("viewer", "publisher", "deployer", "admin", "nobody")) {
                tokens.put(user, keycloak.token(user));
            }
            System.out.printf("KeycloakIT: Keycloak ready in %d ms, the two replicas %d ms later%n",
                    (keycloakReady - starting) / 1_000_000, (System.nanoTime() - keycloakReady) / 1_000_000);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        // Agents, the service, then Keycloak; each is closed even when another's teardown fails.
        try {
            ShellAgents.destroyAll();
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
     * deploy/compose's realm: each role's user signs in with the password its README documents, and the service takes
     * it for that user with exactly that role's permissions.
     */
    @Test
    void eachComposeUserSignsInAndGetsExactlyItsRolesPermissions() {
        ServiceApi compose = new ServiceApi(composeReplica.baseUrl());
        List<String> roleNames = Arrays.stream(Role.values()).map(Role::claimValue).toList();
        for (Role role : Role.values()) {
            String user = role.claimValue();
            String token = keycloak.token(Keycloak.COMPOSE_REALM, user, user + "-local-only");
            JsonPath viewer = compose.as(token).graphql("query { viewer { name roles permissions localMode } }",
                    Map.of()).setRootPath("data.viewer");
            assertThat(viewer.getString("name")).isEqualTo(user);
            assertThat(viewer.getBoolean("localMode")).isFalse();
            assertThat(viewer.getList("roles", String.class)).filteredOn(roleNames::contains).containsExactly(user);
            assertThat(viewer.getList("permissions", String.class)).containsExactlyInAnyOrderElementsOf(
                    role.grants().stream().map(Enum::name).toList());
        }
        // A token of the test realm is not one the compose replica trusts (the viewer query, which no refusal audits,
        // so noTokenOrAForgedOneIsUnauthorized counts only its own refusals).
        assertThat(compose.as(tokens.get("admin")).response("query { viewer { name } }", Map.of()).statusCode())
                .isEqualTo(401);
    }

    /**
     * The compose stack's way for agents to join, run here as processes: activate.sh signs in as the realm's admin
     * and writes an activation; the agent containers' entrypoint installs the agent from the service and registers
     * with it, and the host comes online with the activation's tag.
     */
    @Test
    void composeAgentsJoinWithTheActivationThatActivateShCreates(@TempDir Path sandbox) throws Exception {
        String server = composeReplica.baseUrl().toString();
        Path activationFile = sandbox.resolve("activation.env");
        Path log = ShellAgents.outputOf("compose-activate");
        ProcessBuilder run = new ProcessBuilder("sh", "deploy/compose/activate.sh").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        run.environment().putAll(Map.of("DISTRIBUTOR_URL", server,
                "KEYCLOAK_URL", keycloak.issuer(Keycloak.COMPOSE_REALM).resolve("/").toString().replaceAll("/$", ""),
                "ACTIVATION_FILE", activationFile.toString(), "WAIT_SECONDS", "30"));
        Process activating = run.start();
        assertThat(activating.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(activating.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readAllLines(activationFile)).satisfiesExactly(
                id -> assertThat(id).matches("ACTIVATION_ID=[0-9a-f-]{36}"),
                code -> assertThat(code).matches("ACTIVATION_CODE=\\S+"));

        Path state = sandbox.resolve("state");
        try {
            ShellAgents.start(List.of("sh", "deploy/compose/agents/entrypoint.sh"), "compose-agent", Map.of(
                    "DISTRIBUTOR_SERVER", server, "DISTRIBUTOR_STATE_DIR", state.toString(),
                    "DISTRIBUTOR_PREFIX", sandbox.resolve("bin").toString(), "ACTIVATION_FILE",
                    activationFile.toString(), "WAIT_SECONDS", "30"));
            await().atMost(ShellAgents.PATIENCE).until(() -> Files.isRegularFile(state.resolve("instance_id")));
            String instanceId = Files.readString(state.resolve("instance_id")).strip();
            ServiceApi admin = new ServiceApi(composeReplica.baseUrl())
                    .as(keycloak.token(Keycloak.COMPOSE_REALM, "admin", "admin-local-only"));
            await().atMost(ShellAgents.PATIENCE).untilAsserted(() -> {
                JsonPath target = admin
                        .graphql("query($id: String!) { target(instanceId: $id) { online tags { key value } } }",
                                Map.of("id", instanceId))
                        .setRootPath("data.target");
                assertThat(target.getBoolean("online")).isTrue();
                assertThat(target.getList("tags")).contains(Map.of("key", "stack", "value", "compose"));
            });
        } finally {
            // Before JUnit deletes the sandbox the agent runs from.
            ShellAgents.destroyAll();
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
