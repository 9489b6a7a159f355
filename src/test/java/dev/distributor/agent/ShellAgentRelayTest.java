package dev.distributor.agent;

import static dev.distributor.testing.Agents.activation;
import static dev.distributor.testing.Agents.queue;
import static dev.distributor.testing.ShellAgents.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.ShellAgents;
import dev.distributor.testing.SmallLimitsShortLease;
import dev.distributor.testing.StoredArtifacts;

/**
 * The shell agent with the file relay on: it downloads through {@code /agent/v1/files/<sha256>} with its token. Shares
 * the profile of the other tests with non-default settings, so Quarkus need not start once more for it.
 */
@QuarkusTest
@TestProfile(SmallLimitsShortLease.class)
class ShellAgentRelayTest {

    @TestHTTPResource("/")
    URL baseUrl;

    @TempDir
    Path sandbox;

    @AfterEach
    void stopAgents() {
        ShellAgents.destroyAll();
    }

    @Test
    void withTheRelayOn_theAgentDownloadsThroughTheService_andInstalls() throws Exception {
        String server = baseUrl.toString().replaceAll("/$", "");
        Path stateDir = sandbox.resolve("state");
        Path target = Files.createDirectories(sandbox.resolve("target"));
        CreatedActivation activation = activation(1, Map.of("env", "relay"));
        ShellAgents.start(List.of("sh", ShellAgents.AGENT_SCRIPT.toString(), "--foreground", "--server", server,
                "--state-dir", stateDir.toString(), "--wait", "5", "--platform", "ubuntu", "--platform-version",
                "22.04", "--arch", "x86_64", "--hostname", "relay-host", "--activation-id",
                activation.id().toString(), "--activation-code", activation.code()), "relay-host", Map.of());
        Path idFile = stateDir.resolve("instance_id");
        await().atMost(ShellAgents.PATIENCE).until(() -> !read(idFile).isBlank());
        String instanceId = read(idFile).trim();
        String pkg = Catalog.uniqueName("shrelay");
        String sha = StoredArtifacts.place(ShellAgents.linuxZip("1.0.0", false).bytes());

        AgentCommand done = ShellAgents.awaitFinished(queue(ShellAgents.spec(instanceId, target, "INSTALL",
                "REINSTALL", pkg, "1.0.0", sha, null, null, 60)));

        assertThat(done.state()).as(done.output()).isEqualTo("SUCCESS");
        assertThat(read(target.resolve("app")).trim()).isEqualTo("1.0.0");
        assertThat(read(stateDir.resolve("logs/agent.log")))
                .contains("downloading " + server + "/agent/v1/files/" + sha + "\n");
    }
}
