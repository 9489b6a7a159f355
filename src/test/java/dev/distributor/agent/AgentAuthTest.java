package dev.distributor.agent;

import static dev.distributor.testing.Agents.keyValues;
import static dev.distributor.testing.Agents.registerHost;
import static dev.distributor.testing.GraphQL.vars;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.distributor.testing.Agents.Host;
import dev.distributor.testing.GraphQL;

@QuarkusTest
class AgentAuthTest {

    private static final String OIDC_LOOKING_JWT = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9."
            + "eyJzdWIiOiJhZG1pbiIsImlzcyI6Imh0dHBzOi8vaWRwLmV4YW1wbGUifQ.c2lnbmF0dXJl";

    @Test
    void theAgentApi_refusesAMissingAWrongOrANonAgentToken_with401Unauthorized() {
        Host host = registerHost();
        List<String> refused = List.of("", "Bearer ", "Bearer dagt_" + "A".repeat(43), "Bearer " + host.token() + "x",
                "Basic " + host.token(), "Bearer " + OIDC_LOOKING_JWT);

        for (String authorization : refused) {
            var request = given();
            if (!authorization.isEmpty()) {
                request = request.header("Authorization", authorization);
            }
            Response response = request.queryParam("wait", 0).get("/agent/v1/commands/next");
            response.then().statusCode(401);
            assertThat(keyValues(response.asString())).as(authorization).containsEntry("ERROR", "UNAUTHORIZED");
        }
        given().header("Authorization", "Bearer " + host.token()).queryParam("wait", 0)
                .get("/agent/v1/commands/next").then().statusCode(204);
    }

    @Test
    void aMissingToken_isSaidToBeRequired_whileAnUnknownOrRevokedOne_isSaidToBeInvalidOrRevoked() {
        Host revoked = registerHost();
        GraphQL.ok("mutation($id: String!) { deregisterTarget(instanceId: $id) }", vars("id", revoked.instanceId()));

        assertThat(refusalMessage(null)).contains("required").doesNotContain("revoked");
        assertThat(refusalMessage("Bearer ")).contains("required");
        assertThat(refusalMessage("Basic " + revoked.token())).contains("required");
        assertThat(refusalMessage("Bearer dagt_" + "A".repeat(43))).contains("invalid or revoked")
                .doesNotContain("required");
        assertThat(refusalMessage("Bearer " + OIDC_LOOKING_JWT)).contains("invalid or revoked");
        assertThat(refusalMessage("Bearer " + revoked.token())).contains("invalid or revoked")
                .doesNotContain("required");
    }

    @Test
    void theGraphqlApi_refusesAnAgentToken_with401() {
        Host host = registerHost();

        Response response = given().header("Authorization", "Bearer " + host.token())
                .contentType("application/json").body("{\"query\":\"{ platforms { name } }\"}").post("/graphql");

        response.then().statusCode(401);
        assertThat(response.jsonPath().getString("errors[0].extensions.code")).isEqualTo("UNAUTHORIZED");
    }

    private static String refusalMessage(String authorization) {
        var request = given();
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        Response response = request.queryParam("wait", 0).get("/agent/v1/commands/next");
        response.then().statusCode(401);
        assertThat(keyValues(response.asString())).containsEntry("ERROR", "UNAUTHORIZED");
        return keyValues(response.asString()).get("MESSAGE");
    }

    @Test
    void theFileRelay_isOffByDefault_andAnswers404() {
        Host host = registerHost();

        Response response = given().header("Authorization", "Bearer " + host.token())
                .get("/agent/v1/files/" + "a".repeat(64));

        response.then().statusCode(404);
        assertThat(keyValues(response.asString())).containsEntry("ERROR", "FILE_NOT_FOUND");
    }
}
