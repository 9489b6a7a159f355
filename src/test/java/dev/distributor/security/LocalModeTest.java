package dev.distributor.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.distributor.testing.TestDatabase;

/**
 * Local mode, as %test runs it: the service listens on loopback only, needs no token, and records every caller as the
 * local admin with the request's id and address.
 */
@QuarkusTest
class LocalModeTest {

    @io.quarkus.test.common.http.TestHTTPResource("/q/health/live")
    java.net.URI live;

    @ConfigProperty(name = "quarkus.http.host")
    String host;

    @Test
    void theServiceListensOnLoopbackOnly() {
        assertThat(host).isEqualTo("127.0.0.1");
    }

    @Test
    void everyCallerIsTheLocalAdmin_recordedWithTheRequestIdAndAddress() throws Exception {
        String name = "local-" + UUID.randomUUID();
        String requestId = "local-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).header("X-Request-Id", requestId)
                .body(Map.of("query", "mutation { createPackage(input: {name: \"" + name + "\"}) { name } }"))
                .when().post("/graphql")
                .then().statusCode(200).header("X-Request-Id", requestId);

        try (var db = TestDatabase.connect();
                var query = db.prepareStatement(
                        "select actor, actor_name, action, outcome, request_id, address from audit_event where resource = ?")) {
            query.setString(1, "package/" + name);
            var rows = new ArrayList<List<String>>();
            try (var result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(List.of(result.getString(1), result.getString(2), result.getString(3),
                            result.getString(4), result.getString(5), result.getString(6)));
                }
            }
            assertThat(rows).containsExactly(
                    List.of("local", "local operator", "package.create", "DONE", requestId, "127.0.0.1"));
        }
    }

    @Test
    void aRequestIdThatIsNotAPlainTokenIsReplaced() {
        String answered = given().contentType(ContentType.JSON).header("X-Request-Id", "bad id\u00e9; drop")
                .body(Map.of("query", "{ platforms { code } }"))
                .when().post("/graphql")
                .then().statusCode(200).extract().header("X-Request-Id");
        assertThat(answered).matches("[0-9a-f-]{36}");
    }

    @Test
    void aRequestUnderAnotherHostName_orFromAnotherSite_isRefused() {
        given().contentType(ContentType.JSON).header("Host", "rebound.example.com")
                .body(Map.of("query", "{ platforms { code } }"))
                .when().post("/graphql")
                .then().statusCode(403).body("errors[0].extensions.code", org.hamcrest.Matchers.equalTo("FORBIDDEN"));
        given().header("Origin", "https://evil.example.com").multiPart("bundle", "b.zip", new byte[]{1})
                .when().post("/api/packages/csrf-probe/bundles")
                .then().statusCode(403).body("code", org.hamcrest.Matchers.equalTo("FORBIDDEN"));
        given().header("Origin", "https://evil.example.com").when().get("/agent/install.sh")
                .then().statusCode(200);
    }

    /** Java's HttpClient upgrades a plain http:// connection to HTTP/2, which carries :authority instead of Host. */
    @Test
    void aClientSpeakingHttp2IsServedToo() throws Exception {
        var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build();
        var request = java.net.http.HttpRequest.newBuilder(live).build();
        // The first request upgrades the connection (h2c), the second travels over HTTP/2.
        for (int i = 0; i < 2; i++) {
            var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("request %d over %s", i, response.version()).isEqualTo(200);
        }
    }
}
