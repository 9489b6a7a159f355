package dev.distributor.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's own behavior, against {@link FakeAgentService} (an in-memory reading of the protocol document), so
 * it is known to be right before it judges the real service.
 */
class FleetSimulatorTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400));

    private FakeAgentService service;
    private FleetSimulator fleet;

    @BeforeEach
    void startService() throws Exception {
        service = new FakeAgentService(Duration.ofSeconds(1));
    }

    @AfterEach
    void stopAll() {
        if (fleet != null) {
            fleet.stop();
        }
        service.close();
    }

    private FleetSimulator.Builder fleet(int agents) {
        return FleetSimulator.builder(service.baseUrl())
                .activation(FakeAgentService.ACTIVATION_ID, FakeAgentService.ACTIVATION_CODE)
                .agents(agents)
                .pollWaitSeconds(2)
                .backoff(FAST)
                .installed(Map.of("base", "1.0"));
    }

    @Test
    void givenAQueuedCommand_theAgentRunsItOnce_reportsSuccess_andSendsItsNewInventory() {
        fleet = fleet(3).outcomes(OutcomeModel.alwaysSucceeds(Duration.ofMillis(100))).build();
        fleet.start().join();
        SimulatedAgent agent = fleet.agent(1);
        await().until(() -> fleet.observations().pollsStarted() >= 3);

        long queuedAt = System.nanoTime();
        var command = service.queue(agent.instanceId(), "hello", "1.1.0");

        await().atMost(Duration.ofSeconds(5)).until(() -> "SUCCESS".equals(command.state()));
        assertThat(fleet.observations().wakeUpLatency(command.id, queuedAt)).get()
                .satisfies(latency -> assertThat(latency).isLessThan(Duration.ofSeconds(1)));
        assertThat(agent.executions(command.id)).isEqualTo(1);
        assertThat(agent.installed()).containsEntry("hello", "1.1.0").containsEntry("base", "1.0");
        await().until(() -> service.inventory(agent.instanceId()).contains("hello=1.1.0"));
        assertThat(fleet.observations().reports(command.id))
                .extracting(FleetObservations.Report::status)
                .containsExactly("IN_PROGRESS", "SUCCESS");
        assertThat(fleet.observations().errors()).isEmpty();
    }

    @Test
    void givenTheFirstAnswerIsLost_theCommandIsRedeliveredAfterTheLease_andRunsOnce() {
        fleet = fleet(1).faults(FaultModel.NONE.withDropFirstDeliveryRate(1))
                .outcomes(OutcomeModel.alwaysSucceeds(Duration.ofMillis(50)))
                .build();
        fleet.start().join();
        SimulatedAgent agent = fleet.agent(0);

        var command = service.queue(agent.instanceId(), "hello", "2.0");

        await().atMost(Duration.ofSeconds(6)).until(() -> "SUCCESS".equals(command.state()));
        assertThat(command.deliveries()).isEqualTo(2);
        assertThat(agent.receipts()).extracting(FleetObservations.Receipt::dropped).containsExactly(true, false);
        assertThat(agent.receipts()).extracting(FleetObservations.Receipt::delivery).containsExactly(1, 2);
        assertThat(fleet.observations().executions(command.id)).isEqualTo(1);
    }

    @Test
    void givenARestartMidCommand_theCommandFailsAsAgentRestarted_andARedeliveryIsOnlyReportedAgain() {
        fleet = fleet(1).faults(FaultModel.NONE.withRestartMidCommandRate(1))
                .outcomes(OutcomeModel.alwaysSucceeds(Duration.ofMillis(400)))
                .build();
        fleet.start().join();
        SimulatedAgent agent = fleet.agent(0);

        var command = service.queue(agent.instanceId(), "hello", "3.0");

        await().atMost(Duration.ofSeconds(5)).until(() -> "FAILED".equals(command.state()));
        assertThat(command.step()).isEqualTo(SimulatedAgent.RESTART_STEP);
        assertThat(fleet.observations().restarts()).isEqualTo(1);
        assertThat(agent.installed()).doesNotContainKey("hello");

        command.forceRedelivery();

        await().atMost(Duration.ofSeconds(5)).until(() -> agent.receipts().size() == 2);
        await().until(() -> "FAILED".equals(command.state()));
        assertThat(fleet.observations().executions(command.id)).isEqualTo(1);
        assertThat(fleet.observations().reports(command.id))
                .extracting(FleetObservations.Report::status)
                .containsExactly("IN_PROGRESS", "FAILED", "FAILED");
    }

    @Test
    void givenAServiceAnswering503_agentsBackOffAndStillRegister() {
        service.failNextRequests(3);
        fleet = fleet(2).build();

        fleet.start().join();

        assertThat(service.registrations()).isEqualTo(2);
        assertThat(fleet.observations().errors()).containsEntry("register 503", 3L);
        await().until(() -> fleet.observations().pollsStarted() >= 2);
    }

    @Test
    void givenAWrongActivationCode_startFailsAndNothingPolls() {
        fleet = FleetSimulator.builder(service.baseUrl())
                .activation(FakeAgentService.ACTIVATION_ID, "wrong")
                .agents(2)
                .build();

        assertThat(fleet.start()).failsWithin(Duration.ofSeconds(5));
        assertThat(fleet.observations().errors()).containsEntry("register 401", 2L);
        assertThat(fleet.observations().pollsStarted()).isZero();
    }

    @Test
    void stop_cancelsHeldPolls() {
        fleet = fleet(20).pollWaitSeconds(20).build();
        fleet.start().join();
        await().until(() -> fleet.observations().pollsStarted() == 20);

        fleet.stop();

        assertThat(fleet.observations().pollsInFlight()).isZero();
        assertThat(fleet.observations().pollsCancelled()).isEqualTo(20);
    }

    @Test
    void keyValues_keepFurtherEqualsSigns_andIgnoreLinesWithoutOne() {
        assertThat(KeyValues.parse("A=1\nB=x=y\r\njunk\n\nC=\n"))
                .containsExactly(Map.entry("A", "1"), Map.entry("B", "x=y"), Map.entry("C", ""));
    }

    @Test
    void backoff_doublesWithinHalfAndOneAndAHalf_upToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8));
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.pause(1, random)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
            assertThat(backoff.pause(3, random)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
            assertThat(backoff.pause(30, random)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(12));
        }
    }

    @Test
    void outcomeModel_drawsByWeight_andWithinTheDurationRange() {
        OutcomeModel model = OutcomeModel.builder()
                .success(0.7).failure(2, 0.1).timeout(0.1).rebootRequired(0.1)
                .duration(Duration.ofMillis(10), Duration.ofMillis(20))
                .build();
        Random random = new Random(3);
        int successes = 0;
        for (int i = 0; i < 10_000; i++) {
            Outcome outcome = model.sample(random);
            assertThat(outcome.duration()).isBetween(Duration.ofMillis(10), Duration.ofMillis(20));
            if (outcome.succeeded() && !outcome.rebootRequired()) {
                successes++;
            }
            if (outcome.rebootRequired()) {
                assertThat(outcome.exitCode()).isEqualTo(194);
            }
        }
        assertThat(successes).isBetween(6_700, 7_300);
    }
}
