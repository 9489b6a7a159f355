package dev.distributor.rollout.trigger;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Fleet;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;

/**
 * ON_NEW_TARGET (issue 16): every live target that matches the selector and no run of the deployment reached gets the
 * package: at the first tick those that matched already, later those that register or come to match.
 */
@QuarkusTest
class NewTargetTriggerTest extends TriggerTestBase {

    private static final String KIND = "ON_NEW_TARGET";

    @Test
    void matchingTargetsGetItAtTheFirstTick_deregisteredOnesNever_andAHostRegisteringLaterGetsItInANewRun()
            throws Exception {
        String pkg = Catalog.createPackage("newt");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: three matching hosts, one of them deregistered.
        FleetSimulator fleet = startFleet(pkg, 3, FAST);
        String gone = fleet.agent(2).instanceId();
        GraphQL.ok("mutation($id: String!) { deregisterTarget(instanceId: $id) }", vars("id", gone));

        // When: the deployment is created.
        String deployment = createScheduled(pkg, "1.0.0", byTag(pkg), KIND, null, allAtOnce());

        // Then: the first tick starts a run for the two live hosts, which get the package.
        Map<String, Object> first = awaitRun(deployment, 1, "SUCCEEDED");
        String firstId = (String) first.get("id");
        assertThat(invokedHosts(firstId)).containsExactlyInAnyOrder(fleet.agent(0).instanceId(),
                fleet.agent(1).instanceId());
        JsonPath started = eventDetails(firstId, "ROLLOUT_STARTED");
        assertThat(started.getString("trigger")).isEqualTo("NEW_TARGET");
        assertThat(started.getInt("newTargets")).isEqualTo(2);
        assertThat(fleet.agent(0).installed()).containsEntry(pkg, "1.0.0");

        // When: a host registers later.
        FleetSimulator later = startFleet(pkg, 1, FAST);

        // Then: it gets the package in a run of its own; the first run is as it was.
        Map<String, Object> second = awaitRun(deployment, 2, "SUCCEEDED");
        assertThat(invokedHosts((String) second.get("id"))).containsExactly(later.agent(0).instanceId());
        assertThat(later.agent(0).installed()).containsEntry(pkg, "1.0.0");
        assertThat(invokedHosts(firstId)).hasSize(2);
        // And: the deregistered host was never reached, and no host ran the command twice.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> runs(deployment).size() == 2);
        assertThat(fleet.agents().stream().mapToInt(a -> a.executions().size()).sum()).isEqualTo(2);
    }

    @Test
    void aHostGainingTheTagsThatMakeItMatch_getsThePackage() throws Exception {
        String pkg = Catalog.createPackage("newt-tag");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        FleetSimulator fleet = startFleet(pkg, 2, FAST);
        SimulatedAgent web = fleet.agent(0);
        // Given: a deployment for the web hosts of the fleet, which has none yet: nothing matches.
        String deployment = createScheduled(pkg, "1.0.0", Map.of("tags", List.of(tag(pkg), "role=web")), KIND, null,
                allAtOnce());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> runs(deployment).isEmpty());

        // When: one host is tagged role=web.
        GraphQL.ok("""
                mutation($ids: [String!]!) { tagTargets(instanceIds: $ids, tags: [{key: "role", value: "web"}]) {
                  instanceId } }
                """, vars("ids", List.of(web.instanceId())));

        // Then: it gets the package, and only it.
        Map<String, Object> run = awaitRun(deployment, 1, "SUCCEEDED");
        assertThat(invokedHosts((String) run.get("id"))).containsExactly(web.instanceId());
        assertThat(web.installed()).containsEntry(pkg, "1.0.0");
        assertThat(fleet.agent(1).installed()).doesNotContainKey(pkg);
    }

    @Test
    void aHostRegisteringWhileARunIsRunning_joinsItsLastWave() throws Exception {
        String pkg = Catalog.createPackage("newt-join");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: a run that stays RUNNING: its one host is offline, so its command waits.
        FleetSimulator fleet = startFleet(pkg, 1, FAST);
        SimulatedAgent offline = fleet.agent(0);
        offline.goOffline();
        String deployment = createScheduled(pkg, "1.0.0", byTag(pkg), KIND, null,
                Map.of("waves", List.of("100%"), "maxConcurrency", "100%", "maxErrors", "0"));
        Map<String, Object> run = awaitRun(deployment, 1, "RUNNING");
        String runId = (String) run.get("id");
        assertThat(run.get("waveSizes")).isEqualTo(List.of(1));
        assertThat(run.get("maxConcurrency")).isEqualTo(1);

        // When: a host registers.
        FleetSimulator later = startFleet(pkg, 1, FAST);
        SimulatedAgent joiner = later.agent(0);

        // Then: it joins the running run: the last wave grows, the limits follow, the journal says so.
        await().atMost(LONG).pollInterval(Duration.ofMillis(200))
                .until(() -> eventTypes(runId).contains("TARGETS_JOINED"));
        JsonPath joined = eventDetails(runId, "TARGETS_JOINED");
        assertThat(joined.getInt("count")).isEqualTo(1);
        assertThat(joined.getList("instanceIds")).containsExactly(joiner.instanceId());
        JsonPath now = Rollouts.get(runId);
        assertThat(now.getList("waveSizes")).containsExactly(2);
        assertThat(now.getInt("maxConcurrency")).isEqualTo(2);
        await().atMost(LONG).until(() -> pkg.length() > 0 && joiner.installed().containsKey(pkg));
        assertThat(runs(deployment)).hasSize(1);

        // And: the run succeeds with both once the offline host is back.
        offline.comeBack();
        JsonPath done = Rollouts.awaitState(runId, "SUCCEEDED", LONG);
        assertThat(done.getInt("counts.success")).isEqualTo(2);
        assertThat(runs(deployment)).hasSize(1);
    }

    @Test
    void aBacklogLargerThanABatch_startsOneRunOverAllOfIt_withTheStrategysWaves_andLaterOnesJoinInBatches() {
        String pkg = Catalog.createPackage("newt-batch");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: 120 matching targets (more than a batch of 50), offline (seeded, never seen), so the run stays
        // RUNNING in its canary wave with their commands queued.
        List<String> targets = new ArrayList<>(seedOffline(pkg, 120));
        try {
            String deployment = createScheduled(pkg, "1.0.0", byTag(pkg), KIND, null,
                    Map.of("waves", List.of("1", "10%", "100%"), "maxConcurrency", "100%", "maxErrors", "0"));

            // Then: the first tick starts ONE run over all 120, planned in the strategy's waves, a canary first.
            Map<String, Object> run = awaitRun(deployment, 1, "RUNNING");
            String runId = (String) run.get("id");
            assertThat(eventDetails(runId, "ROLLOUT_STARTED").getInt("targets")).isEqualTo(120);
            assertThat(eventDetails(runId, "ROLLOUT_STARTED").getInt("newTargets")).isEqualTo(120);
            assertThat(invokedHosts(runId)).containsExactlyInAnyOrderElementsOf(targets);
            @SuppressWarnings("unchecked")
            List<Integer> waves = (List<Integer>) run.get("waveSizes");
            assertThat(waves).hasSize(3);
            assertThat(waves.get(0)).isEqualTo(1);
            assertThat(waves.stream().mapToInt(Integer::intValue).sum()).isEqualTo(120);
            assertThat(eventTypes(runId)).doesNotContain("TARGETS_JOINED");

            // When: 60 more come while it runs.
            targets.addAll(seedOffline(pkg, 60));

            // Then: they join its last wave, at most a batch of 50 a tick.
            await().atMost(LONG).pollInterval(Duration.ofMillis(200))
                    .until(() -> Rollouts.get(runId).getInt("counts.total") == 180);
            List<Integer> batches = Rollouts.events(runId).stream()
                    .filter(e -> "TARGETS_JOINED".equals(e.get("type")))
                    .map(e -> JsonPath.from((String) e.get("details")).getInt("count")).toList();
            // The 60 commit together, but a tick may start while they commit: the rule is at most a batch per tick,
            // all of them joined, in at least two joins.
            assertThat(batches).allMatch(count -> count >= 1 && count <= 50).hasSizeGreaterThanOrEqualTo(2);
            assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
            List<Integer> grown = Rollouts.get(runId).getList("waveSizes");
            assertThat(grown.subList(0, 2)).isEqualTo(waves.subList(0, 2));
            assertThat(grown.get(2)).isEqualTo(waves.get(2) + 60);
            assertThat(runs(deployment)).hasSize(1);
            Rollouts.control("cancelRollout", runId);
        } finally {
            Agents.update("update target set deregistered_at = now() where instance_id = any (?)",
                    (Object) targets.toArray(String[]::new));
        }
    }

    @Test
    void aRunPausedByItsErrorThreshold_takesNoNewTarget_untilItIsResumed() throws Exception {
        String pkg = Catalog.createPackage("newt-tripped");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: a host whose install fails and one offline (its command stays queued), no error tolerated, PAUSE.
        startFleet(pkg, 1, OutcomeModel.successRate(0.0, Duration.ofMillis(50), Duration.ofMillis(50)));
        String offline = seedOffline(pkg);
        try {
            String deployment = createScheduled(pkg, "1.0.0", byTag(pkg), KIND, null, Map.of("waves",
                    List.of("100%"), "maxConcurrency", "100%", "maxErrors", "0", "onFailure", "PAUSE"));
            String runId = (String) awaitRun(deployment, 1, "PAUSED").get("id");
            int maxErrors = Rollouts.get(runId).getInt("maxErrors");

            // When: a host registers while the run is paused by its threshold.
            SimulatedAgent joiner = startFleet(pkg, 1, FAST).agent(0);

            // Then: it does not join (its budget would grow, the trip be forgotten), nor start a run of its own.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> !eventTypes(runId).contains("TARGETS_JOINED") && runs(deployment).size() == 1);
            assertThat(joiner.executions()).isEmpty();
            assertThat(Rollouts.get(runId).getInt("maxErrors")).isEqualTo(maxErrors);

            // When: the operator resumes the run, accepting the failure.
            Rollouts.control("resumeRollout", runId);

            // Then: the host joins it and gets the package.
            await().atMost(LONG).pollInterval(Duration.ofMillis(200))
                    .until(() -> eventTypes(runId).contains("TARGETS_JOINED"));
            assertThat(eventDetails(runId, "TARGETS_JOINED").getList("instanceIds"))
                    .containsExactly(joiner.instanceId());
            await().atMost(LONG).until(() -> joiner.installed().containsKey(pkg));
            Rollouts.control("cancelRollout", runId);
        } finally {
            Agents.update("update target set deregistered_at = now() where instance_id = ?", offline);
        }
    }

    @Test
    void aRunPastItsErrorBudget_thatTheEngineHasNotTrippedYet_takesNoNewTarget() throws Exception {
        String pkg = Catalog.createPackage("newt-budget");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: a run of an offline host, paused by the operator (the engine leaves a paused run alone), whose
        // invocation then failed: past its budget of 0 errors, not tripped.
        String offline = seedOffline(pkg);
        try {
            String deployment = createScheduled(pkg, "1.0.0", byTag(pkg), KIND, null, allAtOnce());
            String runId = (String) awaitRun(deployment, 1, "RUNNING").get("id");
            Rollouts.control("pauseRollout", runId);
            Agents.update("update invocation set status = 'FAILED' where rollout_id = ?::uuid", runId);

            // When: a host registers.
            SimulatedAgent joiner = startFleet(pkg, 1, FAST).agent(0);

            // Then: it does not join the run, nor start one of its own.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> !eventTypes(runId).contains("TARGETS_JOINED") && runs(deployment).size() == 1);
            assertThat(joiner.executions()).isEmpty();
            assertThat(Rollouts.get(runId).getInt("maxErrors")).isZero();
            Rollouts.control("cancelRollout", runId);
        } finally {
            Agents.update("update target set deregistered_at = now() where instance_id = ?", offline);
        }
    }

    @Test
    void aRunTheOperatorRollsBack_pausesTheTrigger_whileItsStateIsStillSucceeded() throws Exception {
        String pkg = Catalog.createPackage("newt-rb");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        SimulatedAgent host = startFleet(pkg, 1, FAST).agent(0);
        String deployment = createScheduled(pkg, "1.0.0", byTag(pkg), KIND, null, allAtOnce());
        String first = (String) awaitRun(deployment, 1, "SUCCEEDED").get("id");

        // When: the operator rolls the run back, and the rollback run waits for its offline host.
        host.goOffline();
        GraphQL.ok("mutation($id: String!) { rollback(rolloutId: $id) { id } }", vars("id", first));

        // Then: the run is still SUCCEEDED, but the trigger pauses for it, saying it is being rolled back.
        await().atMost(LONG).pollInterval(Duration.ofMillis(200))
                .until(() -> schedule(deployment).getBoolean("paused"));
        assertThat(Rollouts.get(first).getString("state")).isEqualTo("SUCCEEDED");
        assertThat(schedule(deployment).getString("pausedReason")).isEqualTo("run 1 is being rolled back by run 2");
        assertThat(eventTypes(first)).containsOnlyOnce("TRIGGER_PAUSED");
        host.comeBack();
    }

    private static String seedOffline(String pkg) {
        return seedOffline(pkg, 1).get(0);
    }

    /**
     * Targets that registered a day ago and were never seen since, each with its TARGET_REGISTERED fleet event (the
     * trigger looks at a deployment again when a registration is journaled, else only every 30 s).
     */
    private static List<String> seedOffline(String pkg, int count) {
        List<String> ids = Fleet.seedAll(new Fleet.Seed("ubuntu", "22.04", "x86_64", "acct", "eu",
                "{\"fleet\": \"" + pkg + "\"}", OffsetDateTime.now().minusDays(1)), count);
        Agents.update("""
                insert into target_event (type, instance_id, target)
                select 'TARGET_REGISTERED', instance_id, cast('{}' as jsonb) from target where instance_id = any (?)
                """, (Object) ids.toArray(String[]::new));
        return ids;
    }

    @Test
    void aFailedRun_pausesTheTrigger_withItsReason_soLaterHostsGetNothing_untilTheScheduleIsResumed()
            throws Exception {
        String pkg = Catalog.createPackage("newt-fail");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: a host whose install fails, and no error tolerated.
        startFleet(pkg, 1, OutcomeModel.successRate(0.0, Duration.ofMillis(50), Duration.ofMillis(50)));
        String deployment = createScheduled(pkg, "1.0.0", byTag(pkg), KIND, null,
                Map.of("waves", List.of("100%"), "maxConcurrency", "100%", "maxErrors", "0", "onFailure", "STOP"));

        // When: the run fails.
        Map<String, Object> failed = awaitRun(deployment, 1, "FAILED");

        // Then: the trigger pauses its schedule, saying which run failed and why, once.
        await().atMost(LONG).pollInterval(Duration.ofMillis(200))
                .until(() -> schedule(deployment).getBoolean("paused"));
        assertThat(schedule(deployment).getString("pausedReason"))
                .isEqualTo("run 1 failed: " + failed.get("stateReason"));
        assertThat(eventTypes((String) failed.get("id"))).containsOnlyOnce("TRIGGER_PAUSED");
        assertThat(Agents.row("select trigger_paused_for_run::text from deployment where id = ?::uuid", deployment))
                .containsExactly(failed.get("id"));

        // When: a host registers while it is paused, nothing reaches it.
        FleetSimulator later = startFleet(pkg, 1, FAST);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> runs(deployment).size() == 1);
        assertThat(later.agent(0).executions()).isEmpty();

        // When: the schedule is resumed (as resumeSchedule does).
        Agents.update("update deployment set schedule_paused = false, schedule_paused_reason = null "
                + "where id = ?::uuid", deployment);

        // Then: the new host gets the package, and the failed run does not pause the trigger again.
        Map<String, Object> next = awaitRun(deployment, 2, "SUCCEEDED");
        assertThat(invokedHosts((String) next.get("id"))).containsExactly(later.agent(0).instanceId());
        assertThat(schedule(deployment).getBoolean("paused")).isFalse();
        assertThat(eventTypes((String) failed.get("id"))).containsOnlyOnce("TRIGGER_PAUSED");
    }

    @Test
    void aRunThatCannotStart_pausesTheTrigger_withTheRefusal_ratherThanFailEveryTick() throws Exception {
        String pkg = Catalog.createPackage("newt-refused");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);
        Rollouts.setDefaultVersion(pkg, "2.0.0");
        // Given: a deployment of 1.0.0 for hosts that come later, and 1.0.0 deprecated before any came.
        String deployment = createScheduled(pkg, "1.0.0", byTag(pkg), KIND, null, allAtOnce());
        GraphQL.ok("mutation($p: String!, $v: String!) { deprecateVersion(packageName: $p, version: $v) { state } }",
                vars("p", pkg, "v", "1.0.0"));

        // When: a host comes.
        FleetSimulator fleet = startFleet(pkg, 1, FAST);

        // Then: the schedule is paused with the planner's refusal; no run was made, nothing ran.
        await().atMost(LONG).pollInterval(Duration.ofMillis(200))
                .until(() -> schedule(deployment).getBoolean("paused"));
        assertThat(schedule(deployment).getString("pausedReason")).startsWith("a run could not start: ")
                .contains("DEPRECATED");
        assertThat(runs(deployment)).isEmpty();
        assertThat(fleet.agent(0).executions()).isEmpty();
    }
}
