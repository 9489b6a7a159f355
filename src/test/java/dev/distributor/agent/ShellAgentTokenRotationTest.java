package dev.distributor.agent;

import static dev.distributor.testing.Agents.activation;
import static dev.distributor.testing.Agents.queue;
import static dev.distributor.testing.GraphQL.vars;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.distributor.agent.queue.CommandWakeups;
import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.ShellAgents;

/**
 * Token rotation with the real POSIX sh agent (deploy/agent/distributor-agent.sh): it stores the token a poll hands
 * out, works on with it, and the old one is refused; an answer it never saw does not lock it out.
 */
@QuarkusTest
class ShellAgentTokenRotationTest {

    private static final Duration PATIENCE = ShellAgents.PATIENCE;
    private static final String ROTATE = "mutation($id: String!) { rotateAgentToken(instanceId: $id) { instanceId } }";

    @TestHTTPResource("/")
    URL baseUrl;

    @TempDir
    Path sandbox;

    @AfterEach
    void stopAgents() {
        ShellAgents.destroyAll();
    }

    @Test
    void aRotatedAgent_storesItsNewToken_keepsWorkingWithIt_andItsOldTokenIsRefused() throws IOException {
        Path stateDir = sandbox.resolve("rotate-state");
        launch(stateDir, activation(1, Map.of()), "rotate-host");
        String instanceId = awaitRegistered(stateDir);
        String oldToken = token(stateDir);
        // Asked while the agent's poll is held: the poll after it brings the new token.
        await().atMost(PATIENCE).until(() -> Agents.bean(CommandWakeups.class).waitingPolls(instanceId) > 0);

        GraphQL.ok(ROTATE, vars("id", instanceId));

        await().atMost(PATIENCE).until(() -> !token(stateDir).equals(oldToken) && rotationSettled(instanceId));
        String newToken = token(stateDir);
        assertThat(newToken).startsWith("dagt_");
        assertThat(Files.getPosixFilePermissions(stateDir.resolve("token")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(ShellAgents.read(stateDir.resolve("auth.header"))).contains(newToken);
        assertThat(ShellAgents.read(ShellAgents.outputOf("rotate-host"))).doesNotContain(newToken);
        poll(oldToken).then().statusCode(401);

        // Still polling and reporting, now with the new token: a quick command runs to SUCCESS.
        var command = queue(ShellAgents.spec(instanceId, sandbox, "UNINSTALL", "REINSTALL",
                Catalog.uniqueName("shrot"), "1.0.0", null, null, null, 60));
        assertThat(ShellAgents.awaitFinished(command).state()).isEqualTo("SUCCESS");
    }

    @Test
    void aRotationAnswerTheAgentNeverSaw_doesNotLockItOut_itsNextPollGetsAnotherToken() {
        Path stateDir = sandbox.resolve("lost-state");
        Process first = launch(stateDir, activation(1, Map.of()), "lost-host");
        String instanceId = awaitRegistered(stateDir);
        String oldToken = token(stateDir);
        first.destroyForcibly();
        first.descendants().forEach(ProcessHandle::destroyForcibly);

        GraphQL.ok(ROTATE, vars("id", instanceId));
        // The answer to a call with the old token, lost on the way: the agent never sees this token.
        String lost = poll(oldToken).header("X-Distributor-Agent-Token");
        assertThat(lost).startsWith("dagt_");
        launch(stateDir, null, "lost-host");

        await().atMost(PATIENCE).until(() -> !token(stateDir).equals(oldToken) && rotationSettled(instanceId));
        assertThat(token(stateDir)).isNotEqualTo(lost);
        poll(oldToken).then().statusCode(401);
        poll(lost).then().statusCode(401);
        poll(token(stateDir)).then().statusCode(204);
    }

    private Process launch(Path stateDir, CreatedActivation activation, String hostname) {
        List<String> cmd = new ArrayList<>(List.of("sh", ShellAgents.AGENT_SCRIPT.toString(), "--foreground",
                "--server", baseUrl.toString().replaceAll("/$", ""), "--state-dir", stateDir.toString(), "--wait", "5",
                "--platform", "ubuntu", "--platform-version", "22.04", "--arch", "x86_64", "--hostname", hostname));
        if (activation != null) {
            cmd.addAll(List.of("--activation-id", activation.id().toString(), "--activation-code",
                    activation.code()));
        }
        return ShellAgents.start(cmd, hostname, Map.of());
    }

    private static String awaitRegistered(Path stateDir) {
        Path idFile = stateDir.resolve("instance_id");
        await().atMost(PATIENCE).until(() -> !ShellAgents.read(idFile).isBlank() && !token(stateDir).isEmpty());
        return ShellAgents.read(idFile).trim();
    }

    private static String token(Path stateDir) {
        return ShellAgents.read(stateDir.resolve("token")).trim();
    }

    /** No rotation pending: the agent has called with its new token. */
    private static boolean rotationSettled(String instanceId) {
        return Agents.row("select token_rotation_requested_at is null from target where instance_id = ?", instanceId)
                .get(0).equals(Boolean.TRUE);
    }

    private static Response poll(String token) {
        return given().header("Authorization", "Bearer " + token).queryParam("wait", 0)
                .get("/agent/v1/commands/next");
    }
}
