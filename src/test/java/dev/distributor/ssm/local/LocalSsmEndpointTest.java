package dev.distributor.ssm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;
import software.amazon.awssdk.services.ssm.model.InvalidCommandIdException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.InvalidResourceIdException;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.ssm.model.PingStatus;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * The local SSM endpoint as the real AWS SDK sees it: the SDK parses every answer (so field names, cases and timestamp
 * encodings are AWS's), pages through NextToken, maps refusals to its exceptions, and the commands run for real.
 */
class LocalSsmEndpointTest {

    @TempDir
    static Path root;

    static LocalSsmEndpoint endpoint;
    static SsmClient ssm;

    @BeforeAll
    static void start() {
        endpoint = LocalSsmEndpoint.start(root);
        ssm = SsmClient.builder()
                .endpointOverride(endpoint.uri())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "s")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stop() {
        ssm.close();
        endpoint.close();
    }

    @AfterEach
    void clearFaults() {
        endpoint.faults().clear();
    }

    private static ManagedInstance instance() {
        return endpoint.addInstance(LocalSsmEndpoint.newManagedInstanceId());
    }

    private static Command send(String instanceId, String... commands) {
        return sendWithTimeout(instanceId, "3600", commands);
    }

    private static Command sendWithTimeout(String instanceId, String executionTimeout, String... commands) {
        return ssm.sendCommand(r -> r.instanceIds(instanceId)
                .documentName("AWS-RunShellScript")
                .comment("distributor:test")
                .timeoutSeconds(600)
                .parameters(Map.of("commands", List.of(commands), "executionTimeout", List.of(executionTimeout))))
                .command();
    }

    private static GetCommandInvocationResponse invocation(Command command, String instanceId) {
        return ssm.getCommandInvocation(r -> r.commandId(command.commandId()).instanceId(instanceId));
    }

    private static GetCommandInvocationResponse finished(Command command, String instanceId) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> invocation(command, instanceId),
                        i -> !List.of(CommandInvocationStatus.PENDING, CommandInvocationStatus.IN_PROGRESS)
                                .contains(i.status()));
    }

    private static List<String> newestFirst(List<String> ids) {
        List<String> reversed = new ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    // ---- instances

    @Test
    void describeInstanceInformationGivesTheRegisteredInstancesWithAwsShapes() {
        ManagedInstance hybrid = instance().platform("Linux", "Amazon Linux", "2023").computerName("web-1");
        ManagedInstance ec2 = endpoint.addInstance("i-" + LocalSsmEndpoint.newManagedInstanceId().substring(3));

        List<InstanceInformation> listed = ssm.describeInstanceInformation(r -> r.filters(
                InstanceInformationStringFilter.builder().key("InstanceIds")
                        .values(hybrid.instanceId(), ec2.instanceId()).build()))
                .instanceInformationList();

        assertThat(listed).extracting(InstanceInformation::instanceId)
                .containsExactly(hybrid.instanceId(), ec2.instanceId());
        InstanceInformation first = listed.get(0);
        assertThat(first.pingStatus()).isEqualTo(PingStatus.ONLINE);
        assertThat(first.platformTypeAsString()).isEqualTo("Linux");
        assertThat(first.platformName()).isEqualTo("Amazon Linux");
        assertThat(first.platformVersion()).isEqualTo("2023");
        assertThat(first.resourceTypeAsString()).isEqualTo("ManagedInstance");
        assertThat(first.computerName()).isEqualTo("web-1");
        assertThat(first.name()).isEqualTo("web-1");
        assertThat(first.agentVersion()).isEqualTo("3.3.987.0");
        assertThat(first.isLatestVersion()).isTrue();
        assertThat(first.ipAddress()).startsWith("10.0.");
        assertThat(first.lastPingDateTime()).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(1));
        assertThat(listed.get(1).resourceTypeAsString()).isEqualTo("EC2Instance");
        assertThat(listed.get(1).name()).isNull();
    }

    @Test
    void describeInstanceInformationPagesAndFilters() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(instance().instanceId());
        }
        endpoint.instance(ids.get(3)).orElseThrow().pingStatus("ConnectionLost");

        var pages = ssm.describeInstanceInformationPaginator(r -> r.maxResults(5)
                .filters(InstanceInformationStringFilter.builder().key("InstanceIds").values(ids).build()));
        List<String> seen = pages.instanceInformationList().stream().map(InstanceInformation::instanceId).toList();
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(pages.stream().count()).isEqualTo(3);

        var lost = ssm.describeInstanceInformation(r -> r.filters(
                InstanceInformationStringFilter.builder().key("InstanceIds").values(ids).build(),
                InstanceInformationStringFilter.builder().key("PingStatus").values("ConnectionLost").build()));
        assertThat(lost.instanceInformationList()).extracting(InstanceInformation::instanceId)
                .containsExactly(ids.get(3));
    }

    @Test
    void maxResultsOutsideSsmBoundsIsAValidationError() {
        assertThatThrownBy(() -> ssm.describeInstanceInformation(r -> r.maxResults(4)))
                .isInstanceOfSatisfying(SsmException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> ssm.listCommands(r -> r.maxResults(51)))
                .isInstanceOfSatisfying(SsmException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void aRemovedInstanceIsNotListedAnyMore() {
        ManagedInstance gone = instance();
        endpoint.removeInstance(gone.instanceId());

        assertThat(ssm.describeInstanceInformationPaginator(r -> r.maxResults(50)).instanceInformationList())
                .extracting(InstanceInformation::instanceId)
                .doesNotContain(gone.instanceId());
        assertThatThrownBy(() -> send(gone.instanceId(), "true")).isInstanceOf(InvalidInstanceIdException.class);
    }

    @Test
    void listTagsForResourceAnswersTheTagsOfHybridInstancesOnly() {
        ManagedInstance tagged = instance().tags(Map.of("env", "prod", "distributor:arch", "arm64"));

        List<Tag> tags = ssm.listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.MANAGED_INSTANCE)
                .resourceId(tagged.instanceId())).tagList();

        assertThat(tags).extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("distributor:arch", "arm64"),
                        org.assertj.core.groups.Tuple.tuple("env", "prod"));
        assertThatThrownBy(() -> ssm.listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.MANAGED_INSTANCE)
                .resourceId("i-0123456789abcdef0"))).isInstanceOf(InvalidResourceIdException.class);
    }

    // ---- faults

    @Test
    void throttledRequestsAreThrottlingExceptionsForTheSdkAndAreCounted() {
        endpoint.faults().throttleNext("ListCommands", 2);
        int before = endpoint.calls("ListCommands");

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> ssm.listCommands(r -> r.maxResults(1)))
                    .isInstanceOfSatisfying(AwsServiceException.class,
                            e -> assertThat(e.isThrottlingException()).isTrue());
        }
        ssm.listCommands(r -> r.maxResults(1));

        assertThat(endpoint.calls("ListCommands")).isEqualTo(before + 3);
    }

    @Test
    void aThrottledFractionRefusesAboutThatShare() {
        endpoint.faults().throttle("*", 1.0);
        assertThatThrownBy(() -> ssm.describeInstanceInformation(r -> r.maxResults(5)))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.isThrottlingException()).isTrue());
        endpoint.faults().throttle("*", 0.0);
        ssm.describeInstanceInformation(r -> r.maxResults(5));
    }

    @Test
    void deniedOperationsAreAccessDenied() {
        endpoint.faults().denyAccess("SendCommand");
        ManagedInstance instance = instance();

        assertThatThrownBy(() -> send(instance.instanceId(), "true"))
                .isInstanceOfSatisfying(SsmException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.isThrottlingException()).isFalse();
                });
        assertThat(endpoint.sentCommands()).noneMatch(c -> c.instanceIds().contains(instance.instanceId()));
    }

    // ---- SendCommand refusals

    @Test
    void sendCommandRefusesWhatSsmRefuses() {
        ManagedInstance instance = instance();
        assertThatThrownBy(() -> send(LocalSsmEndpoint.newManagedInstanceId(), "true"))
                .isInstanceOf(InvalidInstanceIdException.class);
        assertThatThrownBy(() -> ssm.sendCommand(r -> r.instanceIds(instance.instanceId())
                .documentName("AWS-RunPowerShellScript").parameters(Map.of("commands", List.of("dir")))))
                .isInstanceOf(InvalidDocumentException.class);
        assertThatThrownBy(() -> ssm.sendCommand(r -> r.instanceIds(instance.instanceId())
                .documentName("AWS-RunShellScript").comment("x".repeat(101))
                .parameters(Map.of("commands", List.of("true")))))
                .isInstanceOfSatisfying(SsmException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add(instance().instanceId());
        }
        assertThatThrownBy(() -> ssm.sendCommand(r -> r.instanceIds(tooMany).documentName("AWS-RunShellScript")
                .parameters(Map.of("commands", List.of("true")))))
                .isInstanceOfSatisfying(SsmException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> ssm.sendCommand(r -> r.instanceIds(instance.instanceId())
                .documentName("AWS-RunShellScript").timeoutSeconds(29)
                .parameters(Map.of("commands", List.of("true")))))
                .isInstanceOfSatisfying(SsmException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    // ---- execution

    @Test
    void aCommandRunsInTheInstanceSandboxWithSsmEnvironment() {
        ManagedInstance instance = instance();
        List<SentCommand> hooked = new ArrayList<>();
        endpoint.onSendCommand(hooked::add);

        Command command = send(instance.instanceId(),
                "echo \"id=$AWS_SSM_INSTANCE_ID region=$AWS_SSM_REGION_NAME\"",
                "echo \"state=$DISTRIBUTOR_AGENT_STATE_DIR root=$DISTRIBUTOR_AGENT_INSTALL_ROOT home=$HOME\"",
                "echo \"pwd=$(pwd)\"", "echo oops >&2", "touch \"$DISTRIBUTOR_AGENT_STATE_DIR/ran\"");

        assertThat(command.statusAsString()).isEqualTo("Pending");
        assertThat(command.instanceIds()).containsExactly(instance.instanceId());
        assertThat(command.comment()).isEqualTo("distributor:test");
        assertThat(command.targetCount()).isEqualTo(1);
        assertThat(command.requestedDateTime()).isBetween(Instant.now().minusSeconds(5), Instant.now());
        assertThat(hooked).extracting(SentCommand::commandId).contains(command.commandId());
        assertThat(endpoint.sentCommands()).last().satisfies(sent -> {
            assertThat(sent.commandId()).isEqualTo(command.commandId());
            assertThat(sent.timeoutSeconds()).isEqualTo(600);
            assertThat(sent.parameters().get("executionTimeout")).containsExactly("3600");
        });

        GetCommandInvocationResponse done = finished(command, instance.instanceId());
        Path sandbox = instance.sandbox();
        assertThat(done.status()).isEqualTo(CommandInvocationStatus.SUCCESS);
        assertThat(done.statusDetails()).isEqualTo("Success");
        assertThat(done.responseCode()).isZero();
        assertThat(done.standardOutputContent()).contains(
                "id=" + instance.instanceId() + " region=us-east-1",
                "state=" + sandbox.resolve("state") + " root=" + sandbox.resolve("root") + " home="
                        + sandbox.resolve("home"),
                "pwd=" + sandbox.resolve("work").resolve(command.commandId()));
        assertThat(done.standardErrorContent()).isEqualTo("oops\n");
        assertThat(Instant.parse(done.executionStartDateTime()))
                .isBeforeOrEqualTo(Instant.parse(done.executionEndDateTime()));
        assertThat(Files.exists(sandbox.resolve("state/ran"))).isTrue();
    }

    @Test
    void aFailingCommandIsFailedWithItsExitCode() {
        ManagedInstance instance = instance();
        Command command = send(instance.instanceId(), "echo half", "exit 3");

        GetCommandInvocationResponse done = finished(command, instance.instanceId());

        assertThat(done.status()).isEqualTo(CommandInvocationStatus.FAILED);
        assertThat(done.statusDetails()).isEqualTo("Failed");
        assertThat(done.responseCode()).isEqualTo(3);
        assertThat(done.standardOutputContent()).isEqualTo("half\n");
    }

    @Test
    void outputIsCutAtSsmLimits() {
        ManagedInstance instance = instance();
        Command command = send(instance.instanceId(), "head -c 30000 /dev/zero | tr '\\0' a",
                "head -c 9000 /dev/zero | tr '\\0' b >&2");

        GetCommandInvocationResponse done = finished(command, instance.instanceId());

        assertThat(done.standardOutputContent()).hasSize(24_000);
        assertThat(done.standardErrorContent()).hasSize(8_000);
    }

    @Test
    void exit194RunsTheCommandsOnceMoreAsAfterAReboot() {
        ManagedInstance instance = instance();
        Command command = send(instance.instanceId(),
                "if [ -f \"$DISTRIBUTOR_AGENT_STATE_DIR/rebooted\" ]; then echo after reboot; exit 0; fi",
                "touch \"$DISTRIBUTOR_AGENT_STATE_DIR/rebooted\"", "echo before reboot", "exit 194");

        GetCommandInvocationResponse done = finished(command, instance.instanceId());

        assertThat(done.status()).isEqualTo(CommandInvocationStatus.SUCCESS);
        assertThat(done.responseCode()).isZero();
        assertThat(done.standardOutputContent()).isEqualTo("after reboot\n");
    }

    @Test
    void pastTheExecutionTimeoutTheProcessTreeIsKilled() throws Exception {
        ManagedInstance instance = instance();
        Path pidFile = instance.sandbox().resolve("state/child.pid");
        Command command = sendWithTimeout(instance.instanceId(), "1",
                "sleep 60 & echo $! > \"$DISTRIBUTOR_AGENT_STATE_DIR/child.pid\"", "wait");

        GetCommandInvocationResponse done = finished(command, instance.instanceId());

        assertThat(done.status()).isEqualTo(CommandInvocationStatus.TIMED_OUT);
        assertThat(done.statusDetails()).isEqualTo("ExecutionTimedOut");
        assertThat(done.responseCode()).isEqualTo(-1);
        long child = Long.parseLong(Files.readString(pidFile).trim());
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void cancelKillsARunningCommandAndCancelsAPendingOne() throws Exception {
        ManagedInstance instance = instance();
        Command running = send(instance.instanceId(),
                "sleep 60 & echo $! > \"$DISTRIBUTOR_AGENT_STATE_DIR/child.pid\"", "wait");
        Command queued = send(instance.instanceId(), "echo never");
        await().atMost(Duration.ofSeconds(10)).until(() -> invocation(running, instance.instanceId()).status(),
                CommandInvocationStatus.IN_PROGRESS::equals);
        Path pidFile = instance.sandbox().resolve("state/child.pid");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
        assertThat(invocation(queued, instance.instanceId()).status())
                .as("an instance runs one command at a time").isEqualTo(CommandInvocationStatus.PENDING);

        ssm.cancelCommand(r -> r.commandId(queued.commandId()));
        ssm.cancelCommand(r -> r.commandId(running.commandId()).instanceIds(instance.instanceId()));

        assertThat(finished(running, instance.instanceId()).status()).isEqualTo(CommandInvocationStatus.CANCELLED);
        assertThat(invocation(queued, instance.instanceId()).status()).isEqualTo(CommandInvocationStatus.CANCELLED);
        long child = Long.parseLong(Files.readString(pidFile).trim());
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
        assertThatThrownBy(() -> ssm.cancelCommand(r -> r.commandId("00000000-0000-0000-0000-000000000000")))
                .isInstanceOf(InvalidCommandIdException.class);
    }

    @Test
    void anInstanceThatIsNotOnlineKeepsItsCommandsPending() {
        ManagedInstance instance = instance().pingStatus("ConnectionLost");
        Command command = send(instance.instanceId(), "echo late");

        await().pollDelay(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                .until(() -> invocation(command, instance.instanceId()).status() == CommandInvocationStatus.PENDING);
        instance.pingStatus("Online");

        assertThat(finished(command, instance.instanceId()).standardOutputContent()).isEqualTo("late\n");
    }

    @Test
    void theStartDelayKeepsInvocationsPending() {
        endpoint.faults().startDelay(Duration.ofSeconds(1));
        ManagedInstance instance = instance();
        Command command = send(instance.instanceId(), "true");

        assertThat(invocation(command, instance.instanceId()).status()).isEqualTo(CommandInvocationStatus.PENDING);
        assertThat(finished(command, instance.instanceId()).status()).isEqualTo(CommandInvocationStatus.SUCCESS);
    }

    @Test
    void getCommandInvocationOfAnUnknownPairIsInvocationDoesNotExist() {
        ManagedInstance instance = instance();
        Command command = send(instance.instanceId(), "true");
        assertThatThrownBy(() -> ssm.getCommandInvocation(r -> r.commandId(command.commandId())
                .instanceId(LocalSsmEndpoint.newManagedInstanceId())))
                .isInstanceOf(InvocationDoesNotExistException.class);
    }

    // ---- listings

    @Test
    void listCommandsFindsACommandByInstanceAndTimeAndPages() {
        ManagedInstance instance = instance();
        Instant before = Instant.now().minusSeconds(1);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(send(instance.instanceId(), "true").commandId());
        }

        var pages = ssm.listCommandsPaginator(r -> r.instanceId(instance.instanceId()).maxResults(2)
                .filters(CommandFilter.builder().key(CommandFilterKey.INVOKED_AFTER).value(before.toString())
                        .build()));

        List<Command> listed = pages.commands().stream().toList();
        assertThat(listed).extracting(Command::commandId).containsExactlyElementsOf(newestFirst(ids));
        assertThat(listed).allSatisfy(c -> {
            assertThat(c.comment()).isEqualTo("distributor:test");
            assertThat(c.instanceIds()).containsExactly(instance.instanceId());
            assertThat(c.requestedDateTime()).isAfter(before);
        });
        assertThat(pages.stream().count()).isEqualTo(3);
        assertThat(ssm.listCommands(r -> r.commandId(ids.get(0))).commands()).hasSize(1);
        assertThat(ssm.listCommands(r -> r.instanceId(instance.instanceId()).filters(CommandFilter.builder()
                .key(CommandFilterKey.INVOKED_AFTER).value(Instant.now().plusSeconds(60).toString()).build()))
                .commands()).isEmpty();
    }

    @Test
    void listCommandInvocationsGivesPluginDetailsOnRequest() {
        ManagedInstance instance = instance();
        Command command = send(instance.instanceId(), "echo hello", "exit 2");
        finished(command, instance.instanceId());

        List<CommandInvocation> plain = ssm.listCommandInvocations(r -> r.commandId(command.commandId()))
                .commandInvocations();
        List<CommandInvocation> detailed = ssm.listCommandInvocations(r -> r.commandId(command.commandId())
                .details(true)).commandInvocations();

        assertThat(plain).singleElement().satisfies(i -> {
            assertThat(i.instanceId()).isEqualTo(instance.instanceId());
            assertThat(i.comment()).isEqualTo("distributor:test");
            assertThat(i.status()).isEqualTo(CommandInvocationStatus.FAILED);
            assertThat(i.statusDetails()).isEqualTo("Failed");
            assertThat(i.requestedDateTime()).isEqualTo(command.requestedDateTime());
            assertThat(i.commandPlugins()).isEmpty();
        });
        assertThat(detailed).singleElement().satisfies(i -> assertThat(i.commandPlugins()).singleElement()
                .satisfies(p -> {
                    assertThat(p.name()).isEqualTo("aws:runShellScript");
                    assertThat(p.responseCode()).isEqualTo(2);
                    assertThat(p.output()).isEqualTo("hello\n");
                    assertThat(p.responseStartDateTime()).isBeforeOrEqualTo(p.responseFinishDateTime());
                }));
    }

    @Test
    void listCommandInvocationsPagesNewestFirstWithoutLosingAny() {
        List<String> instanceIds = new ArrayList<>();
        Instant before = Instant.now().minusSeconds(1);
        for (int i = 0; i < 7; i++) {
            instanceIds.add(instance().instanceId());
        }
        Command command = ssm.sendCommand(r -> r.instanceIds(instanceIds).documentName("AWS-RunShellScript")
                .parameters(Map.of("commands", List.of("true")))).command();

        List<CommandInvocation> listed = ssm.listCommandInvocationsPaginator(r -> r.maxResults(3)
                .filters(CommandFilter.builder().key(CommandFilterKey.INVOKED_AFTER).value(before.toString())
                        .build()))
                .commandInvocations().stream().filter(i -> i.commandId().equals(command.commandId())).toList();

        assertThat(listed).extracting(CommandInvocation::instanceId).containsExactlyInAnyOrderElementsOf(instanceIds);
    }
}
