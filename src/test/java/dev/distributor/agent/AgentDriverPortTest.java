package dev.distributor.agent;

import static dev.distributor.testing.Agents.await;
import static dev.distributor.testing.Agents.bean;
import static dev.distributor.testing.Agents.command;
import static dev.distributor.testing.Agents.install;
import static dev.distributor.testing.Agents.keyValues;
import static dev.distributor.testing.Agents.poll;
import static dev.distributor.testing.Agents.registerHost;
import static dev.distributor.testing.Agents.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.distributor.fleet.CommandObservation;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.fleet.TargetDriver;
import dev.distributor.testing.Agents.Host;

/**
 * The driver port as the engine uses it: plain records in and out, no session, and every call safe to repeat, because
 * the engine sends a command again whenever its driver does not know it.
 */
@QuarkusTest
class AgentDriverPortTest {

    private final TargetDriver driver = bean(AgentDriver.class);

    @Test
    void aCommandSentTwice_isStoredAndDeliveredOnce() {
        Host host = registerHost();
        IssuedCommand issued = new IssuedCommand(UUID.randomUUID(), install(host.instanceId(), null));

        await(() -> driver.send(List.of(issued)));
        await(() -> driver.send(List.of(issued)));

        assertThat(rows("select id from agent_command where instance_id = ?", host.instanceId())).hasSize(1);
        assertThat(keyValues(poll(host, 0).then().statusCode(200).extract().asString()))
                .containsEntry("COMMAND_ID", issued.commandId().toString());
        poll(host, 0).then().statusCode(204);
    }

    @Test
    void aCommandTheDriverNeverReceived_isAbsentFromObservations() {
        Host host = registerHost();
        IssuedCommand sent = new IssuedCommand(UUID.randomUUID(), install(host.instanceId(), null));
        await(() -> driver.send(List.of(sent)));

        List<CommandObservation> observed = await(() -> driver.observe(List.of(sent.commandId(), UUID.randomUUID())));

        assertThat(observed).extracting(CommandObservation::commandId).containsExactly(sent.commandId());
        assertThat(observed.get(0).state()).isEqualTo("QUEUED");
    }

    @Test
    void withdrawingACommandBeforeItIsSent_countsAsWithdrawn_andALateSendDeliversNothing() {
        Host host = registerHost();
        IssuedCommand issued = new IssuedCommand(UUID.randomUUID(), install(host.instanceId(), null));

        List<UUID> withdrawn = await(() -> driver.withdraw(List.of(issued)));
        await(() -> driver.send(List.of(issued)));

        assertThat(withdrawn).containsExactly(issued.commandId());
        assertThat(command(issued.commandId()).state()).isEqualTo("CANCELLED");
        poll(host, 0).then().statusCode(204);
    }

    @Test
    void withdrawingAQueuedCommand_cancelsIt_butOneAlreadyRunningIsLeftToFinish() {
        Host host = registerHost();
        IssuedCommand running = new IssuedCommand(UUID.randomUUID(), install(host.instanceId(), null));
        await(() -> driver.send(List.of(running)));
        poll(host, 0).then().statusCode(200);
        dev.distributor.testing.Agents.report(host, running.commandId().toString(),
                java.util.Map.of("STATUS", "IN_PROGRESS")).then().statusCode(200);
        Host other = registerHost();
        IssuedCommand queued = new IssuedCommand(UUID.randomUUID(), install(other.instanceId(), null));
        await(() -> driver.send(List.of(queued)));

        List<UUID> withdrawn = await(() -> driver.withdraw(List.of(running, queued)));

        assertThat(withdrawn).containsExactly(queued.commandId());
        assertThat(command(running.commandId()).state()).isEqualTo("IN_PROGRESS");
        assertThat(command(queued.commandId()).state()).isEqualTo("CANCELLED");
    }
}
