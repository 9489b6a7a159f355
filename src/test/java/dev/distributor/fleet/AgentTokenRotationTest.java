package dev.distributor.fleet;

import static dev.distributor.testing.Agents.registerHost;
import static dev.distributor.testing.GraphQL.vars;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.distributor.agent.queue.CommandWakeups;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Agents.Host;
import dev.distributor.testing.AuditEvents;
import dev.distributor.testing.GraphQL;

/**
 * rotateAgentToken as an agent sees it on /agent/v1 (docs/AGENT-PROTOCOL.md, "Token rotation"): the next call with the
 * old token gets a successor, the successor's first use ends the old token, and a lost answer never locks out.
 */
@QuarkusTest
class AgentTokenRotationTest {

    private static final String HEADER = "X-Distributor-Agent-Token";
    private static final String ROTATE = """
            mutation($id: String!) { rotateAgentToken(instanceId: $id) { instanceId tokenRotationRequestedAt } }
            """;

    @Test
    void givenARotation_theNextPollAnswersAtOnceWithANewToken_andItsFirstUseEndsTheOldTokenForGood() {
        Host host = registerHost();
        var asked = GraphQL.ok(ROTATE, vars("id", host.instanceId()));
        assertThat(asked.getString("rotateAgentToken.tokenRotationRequestedAt")).isNotNull();

        long started = System.nanoTime();
        Response answer = poll(host.token(), 20);
        answer.then().statusCode(204);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        String successor = answer.header(HEADER);
        assertThat(successor).startsWith("dagt_").isNotEqualTo(host.token());

        poll(successor, 0).then().statusCode(204);
        assertThat(poll(successor, 0).header(HEADER)).as("handed out once").isNull();
        Response refused = poll(host.token(), 0);
        refused.then().statusCode(401);
        assertThat(Agents.keyValues(refused.asString())).containsEntry("ERROR", "UNAUTHORIZED");
        assertThat(rotationRequestedAt(host.instanceId())).as("no rotation pending any more").isNull();
    }

    @Test
    void untilTheNewTokenIsUsed_theOldOneKeepsWorking_soALostAnswerIsReplacedByTheNextCall() {
        Host host = registerHost();
        GraphQL.ok(ROTATE, vars("id", host.instanceId()));

        String lost = poll(host.token(), 0).header(HEADER);
        Response again = poll(host.token(), 0);
        again.then().statusCode(204);
        String received = again.header(HEADER);

        assertThat(received).startsWith("dagt_").isNotEqualTo(lost);
        poll(received, 0).then().statusCode(204);
        poll(host.token(), 0).then().statusCode(401);
        assertThat(poll(lost, 0).statusCode()).as("a successor a newer one replaced never works").isEqualTo(401);
    }

    @Test
    void aPollHeldWithTheOldToken_endsWith401_whenTheNewTokenIsFirstUsed_whileOneHeldWithTheNewTokenWaitsOn() {
        Host host = registerHost();
        CommandWakeups wakeups = Agents.bean(CommandWakeups.class);
        CompletableFuture<Response> heldOld = CompletableFuture.supplyAsync(() -> poll(host.token(), 20));
        await().atMost(Duration.ofSeconds(10)).until(() -> wakeups.waitingPolls(host.instanceId()) == 1);

        GraphQL.ok(ROTATE, vars("id", host.instanceId()));
        String successor = poll(host.token(), 0).header(HEADER);
        long switched = System.nanoTime();
        // The successor's first use is itself a held poll: the switch it makes must not end it.
        CompletableFuture<Response> heldNew = CompletableFuture.supplyAsync(() -> poll(successor, 3));

        Response ended = heldOld.join();
        assertThat(ended.statusCode()).isEqualTo(401);
        assertThat(Duration.ofNanos(System.nanoTime() - switched)).as("ended by the switch, not by its wait")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(heldNew.join().statusCode()).as("the new token's poll waits out its wait").isEqualTo(204);
    }

    @Test
    void askingAgainWhileARotationIsPending_keepsTheFirstRequestTime_andEachAskIsAuditedWithoutAToken() {
        Host host = registerHost();
        String first = GraphQL.ok(ROTATE, vars("id", host.instanceId()))
                .getString("rotateAgentToken.tokenRotationRequestedAt");
        String second = GraphQL.ok(ROTATE, vars("id", host.instanceId()))
                .getString("rotateAgentToken.tokenRotationRequestedAt");

        assertThat(second).isEqualTo(first);
        var rows = Agents.rows("select action, actor, outcome from audit_event where resource = ? order by id",
                "target/" + host.instanceId());
        assertThat(rows).filteredOn(row -> "target.rotateToken".equals(row.get(0)))
                .containsExactly(java.util.List.of("target.rotateToken", "local", "DONE"),
                        java.util.List.of("target.rotateToken", "local", "DONE"));
        assertThat(AuditEvents.latestDetails("target/" + host.instanceId())).doesNotContain("dagt_")
                .contains("rotationRequestedAt");
    }

    @Test
    void rotatingAnUnknownOrDeregisteredTarget_isTargetNotFound_andAMalformedIdIsInvalidName() {
        Host host = registerHost();
        GraphQL.ok("mutation($id: String!) { deregisterTarget(instanceId: $id) }", vars("id", host.instanceId()));

        assertThat(GraphQL.error(ROTATE, vars("id", host.instanceId())).getString("extensions.code"))
                .isEqualTo("TARGET_NOT_FOUND");
        assertThat(GraphQL.error(ROTATE, vars("id", "not an id")).getString("extensions.code"))
                .isEqualTo("INVALID_NAME");
    }

    private static Response poll(String token, int waitSeconds) {
        return given().header("Authorization", "Bearer " + token)
                .queryParam("wait", waitSeconds)
                .get("/agent/v1/commands/next");
    }

    private static String rotationRequestedAt(String instanceId) {
        return GraphQL.ok("query($id: String!) { target(instanceId: $id) { tokenRotationRequestedAt } }",
                vars("id", instanceId)).getString("target.tokenRotationRequestedAt");
    }
}
