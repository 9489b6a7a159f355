package dev.distributor.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import dev.distributor.testing.GraphQLWs;
import dev.distributor.testing.OidcProfile;
import dev.distributor.testing.TestDatabase;
import dev.distributor.testing.Tokens;

/**
 * The service behind an OIDC provider: who may do what is decided by the roles in a verified bearer token, over HTTP,
 * REST and WebSocket alike, and every decision lands in the audit trail with the token's subject.
 */
@QuarkusTest
@TestProfile(OidcProfile.class)
class OidcAccessTest {

    @TestHTTPResource("/graphql")
    URI graphql;

    @Test
    void aViewerReads_butCannotPublish_andTheRefusalIsAudited() throws SQLException {
        String viewer = "viewer-" + UUID.randomUUID();
        String token = Tokens.of(viewer, "viewer");

        JsonPath read = post(token, "{ packages(first: 1) { totalCount } }", "read-" + viewer);
        assertThat(read.getList("errors")).isNull();

        String name = "oidc-" + UUID.randomUUID();
        JsonPath refused = post(token, "mutation { createPackage(input: {name: \"" + name + "\"}) { name } }",
                "refused-" + viewer);
        assertThat(refused.getString("errors[0].extensions.code")).isEqualTo("FORBIDDEN");
        assertThat(refused.getString("errors[0].message")).contains("PUBLISH");

        assertThat(auditRows(viewer)).containsExactly(
                List.of("package.create", "REFUSED", viewer + "-name", "refused-" + viewer, "127.0.0.1"));
    }

    @Test
    void aPublisherPublishes_asTheTokensSubject() throws SQLException {
        String publisher = "publisher-" + UUID.randomUUID();
        String name = "oidc-" + UUID.randomUUID();
        JsonPath created = post(Tokens.of(publisher, "publisher"),
                "mutation { createPackage(input: {name: \"" + name + "\"}) { name } }", "create-" + publisher);
        assertThat(created.getList("errors")).isNull();
        assertThat(created.getString("data.createPackage.name")).isEqualTo(name);

        assertThat(auditRows(publisher)).containsExactly(
                List.of("package.create", "DONE", publisher + "-name", "create-" + publisher, "127.0.0.1"));
    }

    @Test
    void noToken_isUnauthorized_andAuditedAsAnonymous() throws SQLException {
        String requestId = "none-" + UUID.randomUUID();
        JsonPath refused = post(null, "{ a: packages(first: 1) { totalCount } b: packages(first: 1) { totalCount } }",
                requestId);
        assertThat(refused.getList("errors.extensions.code")).containsExactly("UNAUTHORIZED", "UNAUTHORIZED");
        assertThat(auditRowsOfRequest(requestId)).as("one refused attempt, however many aliases ask for it")
                .containsExactly(List.of("anonymous", "package.list", "REFUSED"));
    }

    /** A token that fails verification is answered with HTTP 401 and a Bearer challenge (RFC 6750 §3). */
    @Test
    void aTokenThatFailsVerification_is401_andAuditedAsAnonymous() {
        String subject = "bad-" + UUID.randomUUID();
        Map<String, String> bad = Map.of("expired", Tokens.expired(subject, "admin"),
                "another issuer", Tokens.otherIssuer(subject, "admin"),
                "wrong audience", Tokens.wrongAudience(subject, "admin"), "not a JWT", "not-a-jwt");
        bad.forEach((kind, token) -> {
            String requestId = "bad-" + UUID.randomUUID();
            given().contentType(ContentType.JSON).header("X-Request-Id", requestId)
                    .header("Authorization", "Bearer " + token)
                    .body(Map.of("query", "{ packages(first: 1) { totalCount } }"))
                    .when().post("/graphql")
                    .then().statusCode(401).header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
            // The challenge goes out as verification fails; the refusal's row commits just after.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    auditRowsOfRequest(requestId)).as(kind)
                    .containsExactly(List.of("anonymous", "package.list", "REFUSED")));
        });
    }

    @Test
    void restRoutesDecideTheSameWay() {
        String name = "oidc-" + UUID.randomUUID();
        given().multiPart("bundle", "b.zip", new byte[]{1})
                .when().post("/api/packages/" + name + "/bundles")
                .then().statusCode(401).body("code", org.hamcrest.Matchers.equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Bearer " + Tokens.of("deployer-" + UUID.randomUUID(), "deployer"))
                .multiPart("bundle", "b.zip", new byte[]{1})
                .when().post("/api/packages/" + name + "/bundles")
                .then().statusCode(403).body("code", org.hamcrest.Matchers.equalTo("FORBIDDEN"));
    }

    @Test
    void aSubscriptionIsSignedInByItsConnectionInitPayload() throws Exception {
        String document = "subscription { targetEvents { seq snapshot { eventSeq } } }";
        try (GraphQLWs signedIn = GraphQLWs.connect(graphql, Tokens.of("viewer-" + UUID.randomUUID(), "viewer"))) {
            var subscription = signedIn.subscribe(document, Map.of());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> !subscription.next().isEmpty() || subscription.isDone());
            assertThat(subscription.errors()).isEmpty();
            assertThat(subscription.next().get(0).getJsonObject("data").getJsonObject("targetEvents")).isNotNull();
        }
        try (GraphQLWs anonymous = GraphQLWs.connect(graphql)) {
            var subscription = anonymous.subscribe(document, Map.of()).awaitDone(Duration.ofSeconds(10));
            assertThat(subscription.errors()).extracting(e -> e.getJsonObject("extensions").getString("code"))
                    .containsExactly("UNAUTHORIZED");
        }
    }

    @Test
    void aSubscriptionEndsWhenItsTokenExpires() throws Exception {
        String token = Tokens.expiringIn(Duration.ofSeconds(3), "viewer-" + UUID.randomUUID(), "viewer");
        try (GraphQLWs signedIn = GraphQLWs.connect(graphql, token)) {
            signedIn.subscribe("subscription { targetEvents { seq } }", Map.of());
            Short code = signedIn.closed().get(15, TimeUnit.SECONDS);
            assertThat(code).isEqualTo((short) 1008);
        }
    }

    private static JsonPath post(String token, String document, String requestId) {
        RequestSpecification request = given().contentType(ContentType.JSON).header("X-Request-Id", requestId)
                .body(Map.of("query", document));
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.when().post("/graphql").then().extract().jsonPath();
    }

    private static List<List<String>> auditRows(String subject) throws SQLException {
        return rows("select action, outcome, actor_name, request_id, address from audit_event where actor = ? "
                + "order by id", subject);
    }

    private static List<List<String>> auditRowsOfRequest(String requestId) throws SQLException {
        return rows("select actor, action, outcome from audit_event where request_id = ? order by id", requestId);
    }

    private static List<List<String>> rows(String sql, String parameter) throws SQLException {
        try (var db = TestDatabase.connect(); var query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            var rows = new ArrayList<List<String>>();
            try (var result = query.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    var row = new ArrayList<String>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(result.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
