package dev.distributor.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** In local mode the console has no sign-in, and {@code viewer} is the local admin holding every permission. */
@QuarkusTest
class ConsoleLocalModeTest {

    @Test
    void settings_sayLocal_andNameNoProvider() {
        JsonPath settings = given().accept(ContentType.JSON).get("/api/console/settings")
                .then().statusCode(200).extract().jsonPath();
        assertThat(settings.getString("mode")).isEqualTo("LOCAL");
        assertThat(settings.getString("issuer")).isNull();
        assertThat(settings.getString("clientId")).isNull();
    }

    @Test
    void viewer_isTheLocalAdmin() {
        JsonPath viewer = given().contentType(ContentType.JSON)
                .body(Map.of("query", "{ viewer { subject roles permissions localMode } }"))
                .post("/graphql").then().statusCode(200).extract().jsonPath();
        assertThat(viewer.getString("data.viewer.subject")).isEqualTo("local");
        assertThat(viewer.getList("data.viewer.roles")).containsExactly("admin");
        assertThat(viewer.getList("data.viewer.permissions"))
                .containsExactlyInAnyOrder("VIEW", "PUBLISH", "DEPLOY", "ADMIN");
        assertThat(viewer.getBoolean("data.viewer.localMode")).isTrue();
    }
}
