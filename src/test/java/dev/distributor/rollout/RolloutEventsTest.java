package dev.distributor.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Rollouts;

/** The event log of a run: one gap-free sequence per rollout, whoever appends (engine ticks or operators). */
@QuarkusTest
class RolloutEventsTest extends RolloutFleetTestBase {

    @Test
    void operatorControlsRacingTheEngine_stillAppendOneGapFreeSequence_thatTellsTheWholeRun() throws Exception {
        String pkg = Catalog.createPackage("events");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // 12 hosts two at a time, 1 s each: the run lasts at least 6 s, long enough for four pause-resume cycles.
        FleetSimulator fleet = startFleet(pkg, 12, OutcomeModel.alwaysSucceeds(Duration.ofSeconds(1)));
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg),
                Map.of("waves", List.of("1", "25%"), "maxConcurrency", "2")));
        Rollouts.control("startRollout", rollout);

        // When: the operator pauses and resumes again and again while the engine dispatches and records reports.
        int cycles = 0;
        while (cycles < 4 && "RUNNING".equals(Rollouts.get(rollout).getString("state"))) {
            Rollouts.control("pauseRollout", rollout);
            Rollouts.control("resumeRollout", rollout);
            cycles++;
            int done = cycles;
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Rollouts.get(rollout).getInt("counts.success") >= done * 2
                            || !"RUNNING".equals(Rollouts.get(rollout).getString("state")));
        }
        JsonPath finished = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));

        // Then: events are numbered 1..eventSeq without a gap or a duplicate, in the order things happened.
        List<Map<String, Object>> events = assertEventsGapFree(rollout);
        assertThat(cycles).isPositive();
        List<String> types = eventTypes(events);
        assertThat(types.get(types.size() - 1)).isEqualTo("ROLLOUT_SUCCEEDED");
        assertThat(types.stream().filter("ROLLOUT_PAUSED"::equals)).hasSize(cycles);
        assertThat(types.stream().filter("ROLLOUT_RESUMED"::equals)).hasSize(cycles);
        assertThat(types.stream().filter("WAVE_STARTED"::equals)).hasSize(3);
        // And: each target's invocation has one final SUCCESS event, after it was queued.
        assertThat(events.stream().filter(e -> "SUCCESS".equals(e.get("status")) && e.get("instanceId") != null)
                .map(e -> e.get("instanceId")).toList()).hasSize(12).doesNotHaveDuplicates();
        assertWavesRanInOrder(events, Rollouts.allInvocations(rollout));
        // And: a poller reading after a sequence number gets exactly the rest.
        int middle = finished.getInt("eventSeq") / 2;
        assertThat(Rollouts.eventsAfter(rollout, middle)).extracting(e -> e.get("seq"))
                .isEqualTo(events.subList(middle, events.size()).stream().map(e -> e.get("seq")).toList());
        assertNoHostRanACommandTwice(fleet);
    }
}
