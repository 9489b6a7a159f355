package dev.distributor.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;

import io.restassured.path.json.JsonPath;

import dev.distributor.common.time.ServiceClock;
import dev.distributor.simulator.Backoff;
import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.HostProfile;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.simulator.SimulatedFleetTestBase;
import dev.distributor.testing.Rollouts;

/**
 * Rollout tests over simulated fleets. Each test tags its hosts {@code fleet=<its package>}, so its deployments select
 * only its own hosts although every test shares one database; every fleet a test starts is stopped after it.
 */
abstract class RolloutFleetTestBase extends SimulatedFleetTestBase {

    private final List<FleetSimulator> fleets = new ArrayList<>();

    /** Moved forward by tests instead of waiting for timeouts and pauses; back to the database's after each test. */
    @Inject
    ServiceClock clock;

    @AfterEach
    void stopFleets() {
        fleets.forEach(FleetSimulator::stop);
        fleets.clear();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** The tag selecting the hosts {@link #startFleet} started for {@code pkg}. */
    static String tag(String pkg) {
        return "fleet=" + pkg;
    }

    /** Registers {@code agents} simulated hosts tagged {@code fleet=<pkg>} and waits until all are registered. */
    FleetSimulator startFleet(String pkg, int agents, OutcomeModel outcomes, HostProfile... platforms)
            throws Exception {
        return startFleet(pkg, agents, outcomes, builder -> {
        }, platforms);
    }

    /** As above, with more settings (faults, poll wait) applied to the fleet's builder. */
    FleetSimulator startFleet(String pkg, int agents, OutcomeModel outcomes, Consumer<FleetSimulator.Builder> settings,
            HostProfile... platforms) throws Exception {
        // A big fleet enrols over several activations, as a real one would (and the round-robin gets exercised).
        int activations = agents >= 200 ? 4 : 1;
        List<FleetSimulator.Activation> enrolments = IntStream.range(0, activations)
                .mapToObj(i -> service().activation(agents / activations + 1, Map.of("fleet", pkg)))
                .map(a -> new FleetSimulator.Activation(a.id().toString(), a.code()))
                .toList();
        FleetSimulator.Builder builder = simulator()
                .activations(enrolments)
                .agents(agents)
                .hostnamePrefix(pkg + "-" + fleets.size() + "-")
                .pollWaitSeconds(agents >= 200 ? 20 : 10)
                .outcomes(outcomes)
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)));
        if (platforms.length > 0) {
            builder.platforms(platforms);
        }
        settings.accept(builder);
        FleetSimulator fleet = builder.build();
        fleets.add(fleet);
        fleet.start().get(5, TimeUnit.MINUTES);
        return fleet;
    }

    static List<String> instanceIds(FleetSimulator fleet) {
        return fleet.agents().stream().map(SimulatedAgent::instanceId).toList();
    }

    /** Invocations queued or in progress: out on hosts. */
    static int out(JsonPath rollout) {
        return rollout.getInt("counts.queued") + rollout.getInt("counts.inProgress");
    }

    /** Waits until nothing of the rollout is out on a host any more; returns the rollout then. */
    static JsonPath awaitNothingOut(String rolloutId, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> out(Rollouts.get(rolloutId)) == 0);
        return Rollouts.get(rolloutId);
    }

    /** Asserts that for {@code during}, no invocation of the rollout is dispatched or changes status. */
    static void assertNothingMovesFor(String rolloutId, Duration during) {
        String counts = Rollouts.get(rolloutId).getMap("counts").toString();
        await().during(during).atMost(during.plusSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> Rollouts.get(rolloutId).getMap("counts").toString().equals(counts));
    }

    /** At most once: no host started any command's scripts twice. */
    static void assertNoHostRanACommandTwice(FleetSimulator... fleets) {
        for (FleetSimulator fleet : fleets) {
            for (SimulatedAgent agent : fleet.agents()) {
                assertThat(agent.executions().values()).as(agent.hostname() + " executions").allMatch(n -> n == 1);
            }
        }
    }

    /** Commands hosts ran, across the fleets. */
    static int commandsRun(FleetSimulator... fleets) {
        int sum = 0;
        for (FleetSimulator fleet : fleets) {
            for (SimulatedAgent agent : fleet.agents()) {
                sum += agent.executions().size();
            }
        }
        return sum;
    }

    /**
     * The rollout's events are numbered 1, 2, 3, ... without a gap up to its eventSeq, start with ROLLOUT_STARTED, and
     * every invocation's statuses follow its life cycle (queued before it ends). Returns the events.
     */
    static List<Map<String, Object>> assertEventsGapFree(String rolloutId) {
        JsonPath rollout = Rollouts.get(rolloutId);
        List<Map<String, Object>> events = Rollouts.events(rolloutId);
        assertThat(events).isNotEmpty();
        assertThat(events.stream().map(e -> (Integer) e.get("seq")).toList())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, events.size()).boxed().toList());
        assertThat(events.size()).isEqualTo(rollout.getInt("eventSeq"));
        assertThat(events.get(0).get("type")).isEqualTo("ROLLOUT_STARTED");
        Map<String, String> lastStatus = new HashMap<>();
        for (Map<String, Object> event : events) {
            if (!"INVOCATION".equals(event.get("type"))) {
                continue;
            }
            String host = (String) event.get("instanceId");
            String status = (String) event.get("status");
            String before = lastStatus.get(host);
            if (status.equals("IN_PROGRESS") || status.equals("SUCCESS") || status.equals("FAILED")) {
                assertThat(before).as("%s: %s after %s (event %s)", host, status, before, event.get("seq"))
                        .isIn("QUEUED", "IN_PROGRESS");
            }
            lastStatus.put(host, status);
        }
        return events;
    }

    /**
     * Waves ran one after another: every invocation of wave n was queued after WAVE_STARTED n, and every one of wave n
     * had ended before WAVE_STARTED n+1 (read from the event order, which is the order of the engine's transactions).
     */
    static void assertWavesRanInOrder(List<Map<String, Object>> events, List<Map<String, Object>> invocations) {
        Map<String, Integer> waveOf = new HashMap<>();
        invocations.forEach(i -> waveOf.put((String) i.get("instanceId"), (Integer) i.get("wave")));
        Map<Integer, Integer> waveStartedAt = new HashMap<>();
        Map<Integer, Integer> firstQueued = new HashMap<>();
        Map<Integer, Integer> lastEnded = new HashMap<>();
        for (Map<String, Object> event : events) {
            int seq = (Integer) event.get("seq");
            if ("WAVE_STARTED".equals(event.get("type"))) {
                waveStartedAt.putIfAbsent(((Number) JsonPath.from((String) event.get("details")).get("wave"))
                        .intValue(), seq);
            } else if ("INVOCATION".equals(event.get("type"))) {
                int wave = waveOf.get((String) event.get("instanceId"));
                String status = (String) event.get("status");
                if (status.equals("QUEUED")) {
                    firstQueued.merge(wave, seq, Math::min);
                } else if (List.of("SUCCESS", "FAILED", "TIMED_OUT").contains(status)) {
                    lastEnded.merge(wave, seq, Math::max);
                }
            }
        }
        for (var queued : firstQueued.entrySet()) {
            int wave = queued.getKey();
            assertThat(waveStartedAt).as("WAVE_STARTED %d", wave).containsKey(wave);
            assertThat(queued.getValue()).as("first QUEUED of wave %d after its start", wave)
                    .isGreaterThan(waveStartedAt.get(wave));
            if (waveStartedAt.containsKey(wave + 1) && lastEnded.containsKey(wave)) {
                assertThat(lastEnded.get(wave)).as("wave %d ended before wave %d started", wave, wave + 1)
                        .isLessThan(waveStartedAt.get(wave + 1));
            }
        }
    }

    static List<String> eventTypes(List<Map<String, Object>> events) {
        return events.stream().map(e -> (String) e.get("type")).filter(t -> !t.equals("INVOCATION")).toList();
    }

    /** Asserts a control was refused with INVALID_STATE and a message saying why (the state, say). */
    /** The control is refused with INVALID_STATE, a message saying why, and the current state in extensions.state. */
    static void assertRefused(String mutation, String rolloutId, String why) {
        String before = Rollouts.get(rolloutId).getString("state");
        JsonPath error = Rollouts.refused(mutation, rolloutId);
        String after = Rollouts.get(rolloutId).getString("state");
        assertThat(error.getString("extensions.code")).as(mutation + ": " + why).isEqualTo("INVALID_STATE");
        assertThat(error.getString("message")).as(mutation + ": " + why).contains(why);
        // A running rollout may finish between the reads: the state refused is one of the two.
        assertThat(error.getString("extensions.state")).as(mutation + ": extensions.state").isIn(before, after);
    }
}
