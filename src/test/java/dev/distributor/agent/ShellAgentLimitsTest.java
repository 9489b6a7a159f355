package dev.distributor.agent;

import static dev.distributor.testing.Agents.activation;
import static dev.distributor.testing.Agents.command;
import static dev.distributor.testing.Agents.queue;
import static dev.distributor.testing.ShellAgents.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

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
import dev.distributor.testing.StallingProxy;
import dev.distributor.testing.StoredArtifacts;

/**
 * Nothing on a host waits forever (issue 15, case 3): with a {@link StallingProxy} between the real shell agent and the
 * service, a download that stalls mid-body ends the command FAILED at step {@code download} within the agent's bound,
 * and a status report whose answer never comes is retried; either way the agent polls again and runs the next command.
 * The file relay (on in this profile) sends downloads through the proxy too. The agent runs with short limits
 * ({@code --call-timeout 3 --download-speed-time 2}), so each stall costs seconds.
 */
@QuarkusTest
@TestProfile(SmallLimitsShortLease.class)
class ShellAgentLimitsTest {

    private static final int CALL_TIMEOUT = 3;
    private static final int SPEED_TIME = 2;

    @TestHTTPResource("/")
    URL baseUrl;

    @TempDir
    Path sandbox;

    private StallingProxy proxy;

    @AfterEach
    void stopAgentsAndProxy() {
        ShellAgents.destroyAll();
        if (proxy != null) {
            proxy.close();
        }
    }

    /** Starts an agent whose every call goes through the proxy; answers its instance id. */
    private String startAgentBehindProxy(String hostname, Path stateDir) throws Exception {
        proxy = new StallingProxy(URI.create(baseUrl.toString()));
        // Room for a second registration: under load a registration may outlast the short call timeout after the
        // service took it, and the agent's retry then registers anew.
        CreatedActivation activation = activation(3, Map.of("env", "limits"));
        ShellAgents.start(List.of("sh", ShellAgents.AGENT_SCRIPT.toString(), "--foreground", "--server", proxy.url(),
                "--state-dir", stateDir.toString(), "--wait", "5", "--platform", "ubuntu", "--platform-version",
                "22.04", "--arch", "x86_64", "--hostname", hostname, "--activation-id", activation.id().toString(),
                "--activation-code", activation.code(), "--call-timeout", String.valueOf(CALL_TIMEOUT),
                "--download-speed-time", String.valueOf(SPEED_TIME)), hostname, Map.of());
        Path idFile = stateDir.resolve("instance_id");
        await().atMost(ShellAgents.PATIENCE).until(() -> !read(idFile).isBlank());
        return read(idFile).trim();
    }

    private static UUID install(String instanceId, Path target, String pkg, String version) {
        String sha = StoredArtifacts.place(ShellAgents.linuxZip(version, false).bytes());
        return queue(ShellAgents.spec(instanceId, target, "INSTALL", "REINSTALL", pkg, version, sha, null, null, 60));
    }

    @Test
    void aDownloadThatStallsMidBody_failsAtStepDownloadWithinItsBound_andTheAgentRunsTheNextCommand()
            throws Exception {
        Path stateDir = sandbox.resolve("state");
        Path target = Files.createDirectories(sandbox.resolve("target"));
        String instanceId = startAgentBehindProxy("stalled-download", stateDir);
        // The file's answer: its head and 16 bytes of the zip, then silence with the connection open.
        proxy.stallBodiesAfter(Pattern.compile("^GET /agent/v1/files/"), 1, 16);
        String pkg = Catalog.uniqueName("shstall");

        UUID stalled = install(instanceId, target, pkg, "1.0.0");
        await().atMost(ShellAgents.PATIENCE).until(() -> proxy.stalled() == 1);
        Instant stallBegan = Instant.now();
        AgentCommand failed = ShellAgents.awaitFinished(stalled);

        assertThat(failed.state()).as(failed.output()).isEqualTo("FAILED");
        assertThat(failed.step()).isEqualTo("download");
        assertThat(failed.output()).contains("[agent] download of the package file stalled (below 1024 bytes/s for "
                + SPEED_TIME + " s) or ran past its limit of 60 s; giving up");
        // The bound is the speed time (plus a report's round trip), not the command's 60 s nor curl's patience.
        assertThat(Duration.between(stallBegan, Instant.now())).isLessThan(Duration.ofSeconds(SPEED_TIME + 15));
        assertThat(read(target.resolve("app"))).isEmpty();

        AgentCommand next = ShellAgents.awaitFinished(install(instanceId, target, pkg, "1.0.1"));
        assertThat(next.state()).as(next.output()).isEqualTo("SUCCESS");
        assertThat(read(target.resolve("app")).trim()).isEqualTo("1.0.1");
    }

    @Test
    void aStatusReportWhoseAnswerNeverComes_isRetriedWithBackoff_andTheAgentPollsOn() throws Exception {
        Path stateDir = sandbox.resolve("state");
        Path target = Files.createDirectories(sandbox.resolve("target"));
        String instanceId = startAgentBehindProxy("stalled-report", stateDir);
        // The final report reaches the service; its answer is held back, so the agent cannot know it arrived.
        proxy.stallAnswers(Pattern.compile("^POST /agent/v1/commands/[0-9a-f-]+/status [\\s\\S]*STATUS=SUCCESS"), 1);
        String pkg = Catalog.uniqueName("shreport");

        UUID first = install(instanceId, target, pkg, "1.0.0");
        AgentCommand done = ShellAgents.awaitFinished(first);
        assertThat(done.state()).as(done.output()).isEqualTo("SUCCESS");
        await().atMost(ShellAgents.PATIENCE).until(() -> proxy.stalled() == 1);
        // The agent gave up on the silent answer after its call timeout, backed off, and reported again: the service
        // had the report already and says so (duplicate), which ends the retries.
        Path log = stateDir.resolve("logs/agent.log");
        await().atMost(ShellAgents.PATIENCE).until(() -> read(log).contains("reported SUCCESS for " + first
                + ": status 200 accepted=false duplicate"));
        assertThat(read(log)).contains("POST /agent/v1/commands/" + first + "/status failed (status 000)")
                .contains("backing off");

        AgentCommand next = ShellAgents.awaitFinished(install(instanceId, target, pkg, "1.0.1"));
        assertThat(next.state()).as(next.output()).isEqualTo("SUCCESS");
        assertThat(command(first).state()).isEqualTo("SUCCESS");
        assertThat(read(target.resolve("app")).trim()).isEqualTo("1.0.1");
    }
}
