package dev.distributor.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A thousand agents holding 10 s long polls on one service: every poll is answered, none hangs or fails, and a command
 * queued for one host wakes its held poll at once instead of at the poll's end.
 */
@QuarkusTest
class FleetScaleTest extends SimulatedFleetTestBase {

    private static final int AGENTS = 1000;
    private static final int WAIT_SECONDS = 10;
    private static final int ACTIVATIONS = Integer.getInteger("scale.activations", 4);

    @Test
    void givenAThousandHeldPolls_everyPollIsAnswered_andAQueuedCommandWakesItsHostAtOnce() throws Exception {
        AgentService service = service();
        // Enrolled over several activations, as a big fleet would be; ACTIVATIONS=1 measures the single-activation
        // rate (each activation counts its registrations one at a time, inside their COMMITs: V21).
        List<FleetSimulator.Activation> enrolments = IntStream.range(0, ACTIVATIONS)
                .mapToObj(i -> service.activation(AGENTS / ACTIVATIONS + 1))
                .map(a -> new FleetSimulator.Activation(a.id().toString(), a.code()))
                .toList();
        fleet = simulator()
                .activations(enrolments)
                .agents(AGENTS)
                .hostnamePrefix("scale-" + UUID.randomUUID().toString().substring(0, 6) + "-")
                .platforms(HostProfile.of("ubuntu", "22.04", "x86_64"), HostProfile.of("amazon", "2023", "arm64"),
                        HostProfile.of("redhat", "9.4", "x86_64"))
                .pollWaitSeconds(WAIT_SECONDS)
                .outcomes(OutcomeModel.alwaysSucceeds(Duration.ofMillis(100)))
                .registrationConcurrency(32)
                .build();
        long registering = System.nanoTime();
        fleet.start().get();
        System.out.printf("FleetScaleTest: %d agents registered over %d activations in %d ms%n", AGENTS,
                ACTIVATIONS, Duration.ofNanos(System.nanoTime() - registering).toMillis());
        FleetObservations seen = fleet.observations();
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.agents().stream().allMatch(a -> a.polls() >= 1));
        System.out.printf("FleetScaleTest: all %d polling after %d ms%n", AGENTS,
                Duration.ofNanos(System.nanoTime() - registering).toMillis());

        // When: a command is queued for one host whose poll is held.
        SimulatedAgent target = fleet.agent(AGENTS / 2);
        long queuedAt = System.nanoTime();
        UUID id = service.queueInstall(target.instanceId(), "scale-probe", "1.0.0");

        // Then: it arrives well before that poll's 10 s deadline.
        await().atMost(Duration.ofSeconds(WAIT_SECONDS))
                .until(() -> seen.firstReceipt(id.toString()).isPresent());
        Duration latency = seen.wakeUpLatency(id.toString(), queuedAt).orElseThrow();
        System.out.printf("FleetScaleTest: command queued -> received by its agent in %d ms (wait=%d s, %d agents)%n",
                latency.toMillis(), WAIT_SECONDS, AGENTS);
        assertThat(latency).isLessThan(Duration.ofSeconds(5));
        assertThat(seen.firstReceipt(id.toString()).orElseThrow().instanceId()).isEqualTo(target.instanceId());
        await().atMost(Duration.ofSeconds(10)).until(() -> "SUCCESS".equals(service.command(id).state()));
        assertThat(seen.executions(id.toString())).isEqualTo(1);

        // And: every agent's held poll comes back (204 at its deadline), none fails.
        await().atMost(Duration.ofSeconds(WAIT_SECONDS + 15))
                .until(() -> fleet.agents().stream().allMatch(a -> a.pollsAnswered() >= 1));
        System.out.println("FleetScaleTest: " + seen.summary());
        assertThat(seen.errors()).isEmpty();
        assertThat(seen.pollsFailed()).isZero();
        assertThat(seen.pollsAnswered()).isGreaterThanOrEqualTo(AGENTS);
        assertThat(seen.commandsReceived()).isEqualTo(1);

        // Finally: stopping ends every held poll; nothing is left in flight.
        fleet.stop();
        assertThat(seen.pollsInFlight()).isZero();
        assertThat(seen.pollsStarted()).isEqualTo(seen.pollsAnswered() + seen.pollsCancelled());
    }
}
