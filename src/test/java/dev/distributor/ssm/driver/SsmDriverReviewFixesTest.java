package dev.distributor.ssm.driver;

import static dev.distributor.ssm.driver.SsmDriverFixture.echoingZip;
import static dev.distributor.ssm.driver.SsmDriverFixture.install;
import static dev.distributor.ssm.driver.SsmDriverFixture.row;
import static dev.distributor.ssm.driver.SsmDriverFixture.seedTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import software.amazon.awssdk.services.ssm.SsmAsyncClient;

import dev.distributor.fleet.CommandObservation;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.ssm.inventory.SsmInventorySync;
import dev.distributor.ssm.local.LocalSsmEndpoint;
import dev.distributor.ssm.local.LocalSsmEndpointResource;
import dev.distributor.ssm.local.ManagedInstance;
import dev.distributor.ssm.local.SsmProfile;
import dev.distributor.testing.Zips;

/**
 * The SSM driver where a command's life leaves the happy path: its target deregistered, a stale reading of SSM, a
 * claim that ran out, a look-up SSM refuses, a command SSM no longer lists. Against the local SSM endpoint, with the
 * real command script.
 */
@QuarkusTest
@TestProfile(SsmProfile.class)
class SsmDriverReviewFixesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    SsmDriver driver;

    @Inject
    SsmCommandRepository repository;

    @Inject
    SsmInventorySync inventory;

    @Inject
    SsmAsyncClient ssm;

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
    void clearFaults() {
        endpoint().faults().clear();
    }

    @Test
    void aTargetSsmStopsListingHasItsSentCommandCancelledInSsmAndEndsCancelledTargetDeregistered() throws Exception {
        host.pingStatus("ConnectionLost");
        IssuedCommand command = install(instance, echoingZip("never runs"));
        driver.send(List.of(command)).await().atMost(WAIT);
        String ssmId = await().atMost(WAIT).until(() -> row(command.commandId()).filter(r -> r.state().equals("SENT"))
                .map(SsmDriverFixture.Row::ssmCommandId).orElse(null), id -> id != null);
        // The sync knows the instance (its ssm_instance row) before SSM stops listing it; a scheduled sync may be the
        // one that does it, hence the awaits.
        await().atMost(WAIT).until(() -> SsmDriverFixture.knownToTheSync(instance));

        endpoint().removeInstance(instance);
        inventory.syncNow().await().atMost(WAIT);

        CommandObservation cancelled = awaitFinished(command);
        assertThat(cancelled.state()).isEqualTo("CANCELLED");
        assertThat(cancelled.step()).isEqualTo(CommandObservation.TARGET_DEREGISTERED_STEP);
        assertThat(cancelled.targetDeregistered()).isTrue();
        await().atMost(WAIT).until(() -> !SsmDriverFixture.cancelRequested(command.commandId()));
        assertThat(ssm.getCommandInvocation(b -> b.commandId(ssmId).instanceId(instance)).get().statusAsString())
                .as("cancelled in SSM after the deregistration committed").isEqualTo("Cancelled");
    }

    @Test
    void aCommandIssuedToATargetDeregisteredBeforeItsSendIsNeverSent() {
        SsmDriverFixture.update("update target set deregistered_at = now() where instance_id = ?", instance);
        IssuedCommand command = install(instance, echoingZip("too late"));

        driver.send(List.of(command)).await().atMost(WAIT);

        CommandObservation cancelled = awaitFinished(command);
        assertThat(cancelled.state()).isEqualTo("CANCELLED");
        assertThat(cancelled.step()).isEqualTo(CommandObservation.TARGET_DEREGISTERED_STEP);
        assertThat(sentFor(command)).isEmpty();
    }

    @Test
    void aCommandSsmRunsIsNotWithdrawnEvenWhenOurLastReadingSaidPending() {
        byte[] zip = new Zips().with("install.sh", "#!/bin/sh\nsleep 3\necho finished anyway\n")
                .with("uninstall.sh", "#!/bin/sh\n").bytes();
        IssuedCommand command = install(instance, zip);
        driver.send(List.of(command)).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> observe(command).map(CommandObservation::state).orElse(""),
                "IN_PROGRESS"::equals);
        SsmDriverFixture.update("update ssm_command set ssm_status = 'Pending' where id = ?", command.commandId());
        int cancelsBefore = endpoint().calls("CancelCommand");

        assertThat(driver.withdraw(List.of(command)).await().atMost(WAIT)).isEmpty();

        assertThat(endpoint().calls("CancelCommand")).isEqualTo(cancelsBefore);
        assertThat(awaitFinished(command).state()).isEqualTo("SUCCESS");
    }

    @Test
    void aSentRowLeavesItsSsmStatusUnknownUntilThePollerReadsIt() {
        IssuedCommand command = install(instance, echoingZip("status"));
        SsmDriverFixture.insertSending(command, spec(command), Duration.ZERO);
        ClaimedCommand claim = new ClaimedCommand(command, "ubuntu", 1, null, false);

        assertThat(repository.markSent(claim, "not-a-command-" + UUID.randomUUID(), null).await().atMost(WAIT))
                .isTrue();

        assertThat(row(command.commandId()).orElseThrow().ssmStatus()).isNull();
    }

    @Test
    void aClaimThatRanOutChangesNothingTheNextClaimRecorded() {
        IssuedCommand command = install(instance, echoingZip("claimed twice"));
        SsmDriverFixture.insertSending(command, spec(command), Duration.ZERO);
        SsmDriverFixture.update("update ssm_command set send_attempts = 2 where id = ?", command.commandId());
        ClaimedCommand stale = new ClaimedCommand(command, "ubuntu", 1, null, false);

        assertThat(repository.markSent(stale, "stale", null).await().atMost(WAIT)).isFalse();
        repository.release(stale).await().atMost(WAIT);
        repository.failUnsent(stale, "stale", "stale").await().atMost(WAIT);

        SsmDriverFixture.Row after = row(command.commandId()).orElseThrow();
        assertThat(after.state()).isEqualTo("SENDING");
        assertThat(after.ssmCommandId()).isNull();
        // Not left lying around for the sender to send: finish it as the next claim would on a refusal.
        repository.failUnsent(new ClaimedCommand(command, "ubuntu", 2, null, false), "test", "done")
                .await().atMost(WAIT);
        assertThat(row(command.commandId()).orElseThrow().state()).isEqualTo("FINISHED");
    }

    @Test
    void aCommandWhoseLookUpSsmKeepsRefusingFailsWithSsmsErrorCode() {
        endpoint().faults().denyAccess("ListCommands");
        IssuedCommand command = install(instance, echoingZip("looked up"));

        SsmDriverFixture.insertSending(command, spec(command), Duration.ofMinutes(1));

        CommandObservation failed = awaitFinished(command);
        assertThat(failed.state()).isEqualTo("FAILED");
        assertThat(failed.step()).isEqualTo("ssm:AccessDeniedException");
        assertThat(row(command.commandId()).orElseThrow().sendAttempts())
                .isEqualTo(1 + SsmSender.MAX_LOOKUP_REFUSALS);
        assertThat(sentFor(command)).isEmpty();
    }

    @Test
    void aSentCommandSsmNeverListsIsAskedForAndFailsWhenSsmDoesNotKnowIt() {
        IssuedCommand command = install(instance, echoingZip("purged"));
        SsmDriverFixture.insertSending(command, spec(command), Duration.ZERO);
        repository.markSent(new ClaimedCommand(command, "ubuntu", 1, null, false), UUID.randomUUID().toString(),
                null).await().atMost(WAIT);

        CommandObservation failed = awaitFinished(command);

        assertThat(failed.state()).isEqualTo("FAILED");
        assertThat(failed.step()).isEqualTo("ssm:" + SsmPoller.INVOCATION_GONE);
        assertThat(failed.output()).contains(SsmPoller.INVOCATION_GONE);
    }

    private String spec(IssuedCommand command) {
        try {
            return json.writeValueAsString(command.spec());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalSsmEndpoint endpoint() {
        return LocalSsmEndpointResource.endpoint();
    }

    private static List<dev.distributor.ssm.local.SentCommand> sentFor(IssuedCommand command) {
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
