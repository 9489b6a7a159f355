package dev.distributor.ssm.driver;

import static dev.distributor.ssm.driver.SsmDriverFixture.echoingZip;
import static dev.distributor.ssm.driver.SsmDriverFixture.install;
import static dev.distributor.ssm.driver.SsmDriverFixture.row;
import static dev.distributor.ssm.driver.SsmDriverFixture.seedTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.ssm.SsmAsyncClient;

import dev.distributor.fleet.CommandObservation;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.ssm.command.SsmCommandScripts;
import dev.distributor.ssm.command.SsmShellCommand;
import dev.distributor.ssm.local.LocalSsmEndpoint;
import dev.distributor.ssm.local.LocalSsmEndpointResource;
import dev.distributor.ssm.local.ManagedInstance;
import dev.distributor.ssm.local.SentCommand;
import dev.distributor.ssm.local.SsmProfile;
import dev.distributor.testing.ShellAgents;
import dev.distributor.testing.Zips;

/**
 * The SSM driver against the local SSM endpoint, with the real command script ({@code SsmCommandScripts}: the
 * instance downloads the one-shot agent and the package by presigned URLs and runs it): what SSM receives, and how its
 * statuses come back through {@code observe}. Only the test of a script that dies before the agent prints its result
 * sends plain shell lines, through the sender's rendering seam.
 */
@QuarkusTest
@TestProfile(SsmProfile.class)
class SsmDriverTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    SsmDriver driver;

    @Inject
    SsmSender sender;

    @Inject
    SsmAsyncClient ssm;

    @Inject
    SsmCommandScripts scripts;

    @Inject
    ObjectMapper json;

    private ManagedInstance host;
    private String instance;

    @BeforeEach
    void givenAnOnlineSsmTarget() {
        host = endpoint().addInstance(LocalSsmEndpoint.newManagedInstanceId());
        instance = host.instanceId();
        seedTarget(instance, "ubuntu");
    }

    @AfterEach
    void clearFaultsAndRenderAsInProduction() {
        endpoint().faults().clear();
        sender.useRenderer(null);
    }

    @Test
    void sendGivesSsmOneSendCommandNamedByTheCommandWithOneInstance() {
        IssuedCommand command = install(instance, echoingZip("one send"));

        driver.send(List.of(command)).await().atMost(WAIT);

        List<SentCommand> sent = await().atMost(WAIT).until(() -> sentFor(command), list -> !list.isEmpty());
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).comment()).isEqualTo("distributor:" + command.commandId());
        assertThat(sent.get(0).instanceIds()).containsExactly(instance);
        assertThat(sent.get(0).documentName()).isEqualTo("AWS-RunShellScript");
        assertThat(sent.get(0).timeoutSeconds()).isEqualTo(600);
        assertThat(sent.get(0).parameters().get("commands")).last().asString().contains("--run-command");
        assertThat(row(command.commandId()).orElseThrow().ssmCommandId()).isEqualTo(sent.get(0).commandId());
    }

    @Test
    void observeFollowsTheInvocationFromQueuedThroughInProgressToSuccessWithItsOutput() {
        endpoint().faults().startDelay(Duration.ofMillis(1_500));
        Path app = appFolder();
        byte[] zip = new Zips().with("install.sh", "#!/bin/sh\nsleep 2\necho installed demo\n"
                + "echo 1.0.0 > \"$SSM_TARGET_DIR/app\"\n").with("uninstall.sh", "#!/bin/sh\n").bytes();
        IssuedCommand command = install(instance, zip, Map.of("SSM_TARGET_DIR", app.toString()));

        driver.send(List.of(command)).await().atMost(WAIT);

        List<String> seen = new ArrayList<>();
        CommandObservation last = await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> observe(command).map(o -> {
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(o.state())) {
                        seen.add(o.state());
                    }
                    return o;
                }).orElse(null), o -> o != null && o.finished());
        assertThat(seen).containsExactly("QUEUED", "IN_PROGRESS", "SUCCESS");
        assertThat(last.exitCode()).isZero();
        assertThat(last.step()).isEqualTo("install");
        assertThat(last.output()).startsWith("[ssm] ").contains(" Success (Success), response code 0")
                .contains("installed demo");
        assertThat(ShellAgents.read(app.resolve("app")).trim()).as("the install ran on the instance")
                .isEqualTo("1.0.0");
        assertThat(last.startedAt()).isNotNull();
        assertThat(last.finishedAt()).isNotNull();
    }

    @Test
    void aFailingInstallFailsWithTheAgentsStepAndExitCodeUnderSsmsStatusLine() {
        byte[] zip = new Zips().with("install.sh", "#!/bin/sh\necho fetching\necho cannot install >&2\nexit 7\n")
                .with("uninstall.sh", "#!/bin/sh\n").bytes();
        IssuedCommand command = install(instance, zip);

        driver.send(List.of(command)).await().atMost(WAIT);

        CommandObservation failed = awaitFinished(command);
        assertThat(failed.state()).as(failed.output()).isEqualTo("FAILED");
        assertThat(failed.exitCode()).isEqualTo(7);
        assertThat(failed.step()).isEqualTo("install");
        String ssmId = row(command.commandId()).orElseThrow().ssmCommandId();
        assertThat(failed.output()).startsWith("[ssm] " + ssmId + " Failed (Failed), response code 1\n")
                .contains("fetching")
                .contains("cannot install");
    }

    @Test
    void aScriptThatDiesBeforeTheAgentReportsFailsWithSsmsStatusAndItsOutput() {
        IssuedCommand command = install(instance, echoingZip("never installed"));
        sender.useRenderer((issued, platform, validFor) -> Uni.createFrom().item(new SsmShellCommand(
                "AWS-RunShellScript", List.of("echo fetching", "echo broken >&2", "exit 3"), 60)));

        driver.send(List.of(command)).await().atMost(WAIT);

        CommandObservation failed = awaitFinished(command);
        assertThat(failed.state()).isEqualTo("FAILED");
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.step()).isEqualTo("ssm:Failed");
        String ssmId = row(command.commandId()).orElseThrow().ssmCommandId();
        assertThat(failed.output()).startsWith("[ssm] " + ssmId + " Failed (Failed), response code 3\n")
                .contains("fetching")
                .endsWith("[stderr]\nbroken\n");
    }

    @Test
    void throttledSendCommandAndListCommandInvocationsStillGetThroughOnce() {
        int sendsBefore = endpoint().calls("SendCommand");
        int listsBefore = endpoint().calls("ListCommandInvocations");
        endpoint().faults().throttleNext("SendCommand", 2).throttleNext("ListCommandInvocations", 2);
        IssuedCommand command = install(instance, echoingZip("demo"));

        driver.send(List.of(command)).await().atMost(WAIT);

        assertThat(awaitFinished(command).state()).isEqualTo("SUCCESS");
        assertThat(sentFor(command)).hasSize(1);
        assertThat(endpoint().calls("SendCommand") - sendsBefore).isGreaterThanOrEqualTo(3);
        assertThat(endpoint().calls("ListCommandInvocations") - listsBefore).isGreaterThanOrEqualTo(3);
    }

    @Test
    void sendingTheSameCommandTwiceSendsItOnce() {
        IssuedCommand command = install(instance, echoingZip("demo"));

        Uni.join().all(driver.send(List.of(command)), driver.send(List.of(command))).andFailFast()
                .await().atMost(WAIT);
        driver.send(List.of(command)).await().atMost(WAIT);

        assertThat(awaitFinished(command).state()).isEqualTo("SUCCESS");
        driver.send(List.of(command)).await().atMost(WAIT);
        assertThat(sentFor(command)).hasSize(1);
        assertThat(row(command.commandId()).orElseThrow().sendAttempts()).isEqualTo(1);
    }

    @Test
    void aCommandLeftSendingAfterItsSendCommandWentOutIsAdoptedNotSentAgain() throws Exception {
        IssuedCommand command = install(instance, echoingZip("sent by a sender that crashed"));
        SsmShellCommand shell = scripts.render(command, "ubuntu", Duration.ofHours(1)).await().atMost(WAIT);
        String ssmId = ssm.sendCommand(b -> b.instanceIds(instance).documentName(shell.documentName())
                .comment("distributor:" + command.commandId()).timeoutSeconds(600)
                .parameters(Map.of("commands", shell.commands(),
                        "executionTimeout", List.of(String.valueOf(shell.executionTimeoutSeconds())))))
                .get().command().commandId();

        SsmDriverFixture.insertSending(command, json.writeValueAsString(command.spec()), Duration.ofMinutes(1));

        await().atMost(WAIT).until(() -> row(command.commandId()).map(SsmDriverFixture.Row::state).orElse(""),
                "SENT"::equals);
        assertThat(row(command.commandId()).orElseThrow().ssmCommandId()).isEqualTo(ssmId);
        CommandObservation done = awaitFinished(command);
        assertThat(done.state()).as(done.output()).isEqualTo("SUCCESS");
        assertThat(done.output()).contains("installing sent by a sender that crashed");
        assertThat(sentFor(command)).hasSize(1);
    }

    @Test
    void aWithdrawnCommandNeverReceivedIsNeverSent() {
        IssuedCommand withdrawn = install(instance, echoingZip("demo"));
        IssuedCommand next = install(instance, echoingZip("demo"));

        assertThat(driver.withdraw(List.of(withdrawn)).await().atMost(WAIT)).containsExactly(withdrawn.commandId());
        driver.send(List.of(withdrawn, next)).await().atMost(WAIT);

        assertThat(awaitFinished(next).state()).isEqualTo("SUCCESS");
        assertThat(sentFor(withdrawn)).isEmpty();
        CommandObservation observed = observe(withdrawn).orElseThrow();
        assertThat(observed.state()).isEqualTo("CANCELLED");
        assertThat(observed.step()).as("a withdrawal, not a failure").isNull();
    }

    @Test
    void aCommandPendingOnAnOfflineInstanceIsWithdrawnWithCancelCommand() {
        endpoint().instance(instance).orElseThrow().pingStatus("ConnectionLost");
        IssuedCommand command = install(instance, echoingZip("demo"));
        driver.send(List.of(command)).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> row(command.commandId()).map(SsmDriverFixture.Row::state).orElse(""),
                "SENT"::equals);
        int cancelsBefore = endpoint().calls("CancelCommand");

        List<UUID> withdrawn = driver.withdraw(List.of(command)).await().atMost(WAIT);

        assertThat(withdrawn).containsExactly(command.commandId());
        assertThat(endpoint().calls("CancelCommand") - cancelsBefore).isEqualTo(1);
        CommandObservation cancelled = awaitFinished(command);
        assertThat(cancelled.state()).isEqualTo("CANCELLED");
        assertThat(cancelled.step()).isNull();
    }

    @Test
    void aRunningCommandIsNotWithdrawn() {
        byte[] zip = new Zips().with("install.sh", "#!/bin/sh\nsleep 3\necho finished anyway\n")
                .with("uninstall.sh", "#!/bin/sh\n").bytes();
        IssuedCommand command = install(instance, zip);
        driver.send(List.of(command)).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> observe(command).map(CommandObservation::state).orElse(""),
                "IN_PROGRESS"::equals);

        assertThat(driver.withdraw(List.of(command)).await().atMost(WAIT)).isEmpty();

        CommandObservation done = awaitFinished(command);
        assertThat(done.state()).isEqualTo("SUCCESS");
        assertThat(done.output()).contains("finished anyway");
    }

    @Test
    void anAbandonedCommandTimesOutAndSsmIsAskedToCancelIt() {
        endpoint().instance(instance).orElseThrow().pingStatus("ConnectionLost");
        IssuedCommand command = install(instance, echoingZip("demo"));
        driver.send(List.of(command)).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> row(command.commandId()).map(SsmDriverFixture.Row::state).orElse(""),
                "SENT"::equals);
        int cancelsBefore = endpoint().calls("CancelCommand");

        driver.abandon(List.of(command.commandId())).await().atMost(WAIT);

        CommandObservation abandoned = observe(command).orElseThrow();
        assertThat(abandoned.state()).isEqualTo("TIMED_OUT");
        assertThat(abandoned.step()).isEqualTo("no-report");
        assertThat(endpoint().calls("CancelCommand") - cancelsBefore).isEqualTo(1);
    }

    @Test
    void aSendCommandSsmRefusesFailsTheCommandWithSsmsErrorCode() {
        endpoint().removeInstance(instance);
        IssuedCommand command = install(instance, echoingZip("demo"));

        driver.send(List.of(command)).await().atMost(WAIT);

        CommandObservation failed = awaitFinished(command);
        assertThat(failed.state()).isEqualTo("FAILED");
        assertThat(failed.step()).isEqualTo("ssm:InvalidInstanceId");
        assertThat(failed.output()).contains("InvalidInstanceId");
        assertThat(sentFor(command)).isEmpty();
    }

    @Test
    void aWindowsTargetFailsWithoutCallingSsm() {
        String windows = endpoint().addInstance(LocalSsmEndpoint.newManagedInstanceId())
                .platform("Windows", "Microsoft Windows Server 2022 Datacenter", "10.0.20348").instanceId();
        seedTarget(windows, "windows");
        IssuedCommand command = install(windows, echoingZip("windows"));

        driver.send(List.of(command)).await().atMost(WAIT);

        CommandObservation failed = awaitFinished(command);
        assertThat(failed.state()).isEqualTo("FAILED");
        assertThat(failed.step()).isEqualTo("unsupported-platform");
        assertThat(sentFor(command)).isEmpty();
    }

    @Test
    void observeLeavesOutCommandsNeverReceived() {
        assertThat(driver.observe(List.of(UUID.randomUUID())).await().atMost(WAIT)).isEmpty();
    }

    private Path appFolder() {
        try {
            return Files.createDirectories(host.sandbox().resolve("app"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalSsmEndpoint endpoint() {
        return LocalSsmEndpointResource.endpoint();
    }

    private static List<SentCommand> sentFor(IssuedCommand command) {
        String comment = "distributor:" + command.commandId();
        return endpoint().sentCommands().stream().filter(s -> comment.equals(s.comment())).toList();
    }

    private Optional<CommandObservation> observe(IssuedCommand command) {
        return driver.observe(List.of(command.commandId())).await().atMost(WAIT).stream().findFirst();
    }

    private CommandObservation awaitFinished(IssuedCommand command) {
        return await().atMost(WAIT).until(() -> observe(command).orElse(null), o -> o != null && o.finished());
    }
}
