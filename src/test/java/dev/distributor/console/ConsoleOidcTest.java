package dev.distributor.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.OidcProfile;
import dev.distributor.testing.Tokens;

/**
 * What the web console learns before and after sign-in, in OIDC mode: the provider and its client id without a token,
 * and from {@code viewer} the caller's roles and the permissions they grant.
 */
@QuarkusTest
@TestProfile(OidcProfile.class)
class ConsoleOidcTest {

    @Test
    void settings_nameTheIssuerAndTheConsoleClient_withoutAToken() {
        JsonPath settings = given().accept(ContentType.JSON).get("/api/console/settings")
                .then().statusCode(200).extract().jsonPath();
        assertThat(settings.getString("mode")).isEqualTo("OIDC");
        assertThat(settings.getString("issuer")).endsWith("/realms/quarkus");
        assertThat(settings.getString("clientId")).isEqualTo(OidcProfile.CONSOLE_CLIENT);
        assertThat(settings.getString("scope")).isEqualTo("openid profile");
    }

    @Test
    void viewer_ofADeployer_holdsViewAndDeployOnly() {
        JsonPath viewer = viewer(Tokens.of("dana", "deployer"));
        assertThat(viewer.getList("errors")).isNull();
        assertThat(viewer.getString("data.viewer.subject")).isEqualTo("dana");
        assertThat(viewer.getList("data.viewer.roles")).containsExactly("deployer");
        assertThat(viewer.getList("data.viewer.permissions")).containsExactlyInAnyOrder("VIEW", "DEPLOY");
        assertThat(viewer.getBoolean("data.viewer.localMode")).isFalse();
    }

    @Test
    void viewer_withoutAToken_isNobody_andNotAnError() {
        JsonPath viewer = viewer(null);
        assertThat(viewer.getList("errors")).isNull();
        assertThat(viewer.getString("data.viewer.subject")).isNull();
        assertThat(viewer.getList("data.viewer.permissions")).isEmpty();
    }

    private static JsonPath viewer(String token) {
        var request = given().contentType(ContentType.JSON);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.body(Map.of("query", "{ viewer { subject name roles permissions localMode } }"))
                .post("/graphql").then().statusCode(200).extract().jsonPath();
    }
}
