package dev.distributor.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** "After a restart": an agent restarted while a command ran reports it FAILED, agent-restarted, and never reruns it. */
@QuarkusTest
class AgentRestartTest extends SimulatedFleetTestBase {

    @Test
    void givenARestartMidCommand_theCommandEndsFailedAgentRestarted_andIsNotRunAgain() throws Exception {
        AgentService service = service();
        var activation = service.activation(1);
        fleet = simulator()
                .activation(activation.id().toString(), activation.code())
                .agents(1)
                .hostnamePrefix("restart-")
                .pollWaitSeconds(1)
                .faults(FaultModel.NONE.withRestartMidCommandRate(1))
                .outcomes(OutcomeModel.alwaysSucceeds(Duration.ofSeconds(1)))
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .build();
        fleet.start().get();
        SimulatedAgent agent = fleet.agent(0);

        UUID id = service.queueInstall(agent.instanceId(), "interrupted", "1.0.0");

        await().atMost(Duration.ofSeconds(15)).until(() -> "FAILED".equals(service.command(id).state()));
        var command = service.command(id);
        assertThat(command.step()).isEqualTo(SimulatedAgent.RESTART_STEP);
        assertThat(command.exitCode()).isEqualTo(SimulatedAgent.RESTART_EXIT_CODE);
        assertThat(fleet.observations().restarts()).isEqualTo(1);
        assertThat(fleet.observations().reports(id.toString()))
                .extracting(FleetObservations.Report::status, FleetObservations.Report::accepted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("IN_PROGRESS", true),
                        org.assertj.core.groups.Tuple.tuple("FAILED", true));

        // Then: polls go on and the command never comes back; it ran once and the host did not install it.
        long answered = agent.pollsAnswered();
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.pollsAnswered() >= answered + 2);
        assertThat(agent.receipts()).hasSize(1);
        assertThat(fleet.observations().executions(id.toString())).isEqualTo(1);
        assertThat(agent.installed()).doesNotContainKey("interrupted");
        assertThat(service.command(id).state()).isEqualTo("FAILED");
        assertThat(fleet.observations().errors()).isEmpty();
    }
}
