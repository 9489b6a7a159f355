package dev.distributor.agent.repository;

import static dev.distributor.testing.Agents.await;
import static dev.distributor.testing.Agents.bean;
import static dev.distributor.testing.Agents.install;
import static dev.distributor.testing.Agents.registerHost;
import static dev.distributor.testing.Agents.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

import dev.distributor.agent.domain.AgentCommandState;
import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.agent.queue.CommandWakeups;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.CommandObservation;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.testing.Agents.Host;
import dev.distributor.testing.TestDatabase;

/** The statements the drivers need, run against the real table (the queue's own are covered through the API). */
@QuarkusTest
class AgentCommandRepositoryTest {

    private final AgentCommandRepository commands = bean(AgentCommandRepository.class);

    private static <T> T inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return await(() -> bean(UnitOfWork.class).background(work));
    }

    @Test
    void givenRecordedCommands_theyAreQueuedUnsentUntilMarkedSent_andReadBackByName() {
        Host host = registerHost();

        List<UUID> ids = List.of(
                inTransaction(session -> commands.insert(session, install(host.instanceId(), "a".repeat(64)))),
                inTransaction(session -> commands.insert(session, install(host.instanceId(), null))));
        AgentCommand first = await(() -> commands.find(ids.get(0))).orElseThrow();

        assertThat(first.currentState()).isEqualTo(AgentCommandState.QUEUED);
        assertThat(first.sent()).isFalse();
        assertThat(first.instanceId()).isEqualTo(host.instanceId());
        assertThat(first.fileSha256()).isEqualTo("a".repeat(64));
        assertThat(first.fileSize()).isEqualTo(1024L);
        assertThat(first.arguments()).isEqualTo(Map.of("SSM_GREETING", "hi there"));
        assertThat(first.timeoutSeconds()).isEqualTo(600);
        assertThat(first.createdAt()).isNotNull();
        assertThat(first.startedAt()).isNull();

        await(() -> commands.markSent(ids, CommandWakeups.CHANNEL));

        assertThat(await(() -> commands.find(ids.get(1))).orElseThrow().sent()).isTrue();
        assertThat(await(() -> commands.recentOf(List.of(host.instanceId()), 1)).get(host.instanceId()))
                .hasSize(1);
    }

    @Test
    void aWithdrawalMeetingASendOfTheSameCommands_takesTheirRowsInIdOrder_soNeitherIsADeadlockVictim()
            throws Exception {
        // A control withdraws what the engine's send, committed a moment ago, is still inserting: both statements write
        // the same rows, and each waits for a row the other holds unless both take them in one order (the id's).
        Host host = registerHost();
        String tail = UUID.randomUUID().toString().substring(2);
        UUID low = UUID.fromString("00" + tail);
        UUID high = UUID.fromString("ff" + tail);
        try (Connection send = TestDatabase.connect(); Connection observer = TestDatabase.connect()) {
            // Given: a send has inserted the lower id and not committed.
            send.setAutoCommit(false);
            insertQueued(send, low, host.instanceId());
            // When: a withdrawal of both, listed high first, waits for that row.
            CompletableFuture<List<UUID>> withdrawal = CompletableFuture
                    .supplyAsync(() -> await(() -> commands.withdraw(
                            List.of(new IssuedCommand(high, install(host.instanceId(), null)),
                                    new IssuedCommand(low, install(host.instanceId(), null))))));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> TestDatabase.someoneWaitsOnALock(observer));
            // And: the send inserts the higher id and commits.
            insertQueued(send, high, host.instanceId());
            send.commit();

            // Then: the withdrawal went on after it, and cancelled both.
            assertThat(withdrawal.get(30, TimeUnit.SECONDS)).containsExactlyInAnyOrder(low, high);
        }
        assertThat(await(() -> commands.observe(List.of(low, high)))).extracting(CommandObservation::state)
                .containsExactly("CANCELLED", "CANCELLED");
    }

    private static void insertQueued(Connection connection, UUID id, String instanceId) throws SQLException {
        try (var insert = connection.prepareStatement("""
                insert into agent_command (id, instance_id, action, install_type, package_name, version,
                                           timeout_seconds, state, sent_at)
                values (?, ?, 'INSTALL', 'REINSTALL', 'hello', '1.1.0', 600, 'QUEUED', now())
                """)) {
            insert.setObject(1, id);
            insert.setString(2, instanceId);
            insert.executeUpdate();
        }
    }

    @Test
    void withdraw_cancelsOnlyCommandsThatHaveNotStarted_andAbandon_timesOutOnlyRunningOnes() {
        Host host = registerHost();
        UUID queued = inTransaction(session -> commands.insert(session, install(host.instanceId(), null)));
        UUID running = inTransaction(session -> commands.insert(session, install(host.instanceId(), null)));
        update("update agent_command set state = 'IN_PROGRESS' where id = ?", running);

        List<UUID> withdrawn = await(() -> commands.withdraw(List.of(
                new IssuedCommand(queued, install(host.instanceId(), null)),
                new IssuedCommand(running, install(host.instanceId(), null)))));
        await(() -> commands.abandon(List.of(queued, running)));

        assertThat(withdrawn).containsExactly(queued);
        List<CommandObservation> seen = await(() -> commands.observe(List.of(queued, running)));
        assertThat(seen).extracting(CommandObservation::commandId, CommandObservation::state)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(queued, "CANCELLED"),
                        org.assertj.core.groups.Tuple.tuple(running, "TIMED_OUT"));
        assertThat(seen).filteredOn(o -> o.commandId().equals(running)).singleElement()
                .extracting(CommandObservation::step).isEqualTo("no-report");
    }
}
