package dev.distributor.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.distributor.testing.SmallLimitsShortLease;

/** At least once, at most once: a delivery whose answer is lost comes again after the lease and runs once. */
@QuarkusTest
// Needs only the 2 s lease. The profile's other settings do not matter here (nothing downloads, uploads or reads
// lastSeen), and sharing it spares a Quarkus restart.
@TestProfile(SmallLimitsShortLease.class)
class RedeliveryTest extends SimulatedFleetTestBase {

    @Test
    void givenTheFirstAnswerIsLost_theSameCommandIsRedeliveredAfterTheLease_runsOnce_andEndsSuccess()
            throws Exception {
        AgentService service = service();
        var activation = service.activation(1);
        fleet = simulator()
                .activation(activation.id().toString(), activation.code())
                .agents(1)
                .hostnamePrefix("redelivery-")
                // Short polls: a poll held across the lease's end is only answered at its deadline.
                .pollWaitSeconds(1)
                .faults(FaultModel.NONE.withDropFirstDeliveryRate(1))
                .outcomes(OutcomeModel.alwaysSucceeds(Duration.ofMillis(100)))
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .build();
        fleet.start().get();
        SimulatedAgent agent = fleet.agent(0);

        UUID id = service.queueInstall(agent.instanceId(), "redelivered", "1.0.0");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> "SUCCESS".equals(service.command(id).state()));
        var receipts = agent.receipts();
        assertThat(receipts).extracting(FleetObservations.Receipt::commandId)
                .containsExactly(id.toString(), id.toString());
        assertThat(receipts).extracting(FleetObservations.Receipt::dropped).containsExactly(true, false);
        Duration gap = Duration.between(receipts.get(0).receivedAt(), receipts.get(1).receivedAt());
        System.out.println("RedeliveryTest: redelivered " + gap.toMillis() + " ms after the lost answer (lease 2 s)");
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        assertThat(fleet.observations().executions(id.toString())).isEqualTo(1);
        var command = service.command(id);
        assertThat(command.deliveries()).isEqualTo(2);
        assertThat(command.exitCode()).isZero();
        assertThat(agent.installed()).containsEntry("redelivered", "1.0.0");
        assertThat(fleet.observations().errors()).isEmpty();
    }
}
