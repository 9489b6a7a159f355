package dev.distributor.rollout.trigger;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;
import dev.distributor.testing.TestDatabase;

/**
 * ON_DEFAULT_VERSION_CHANGE (issue 16): each change of a package's default version starts one run of every deployment
 * that follows it, with the new version; overlap with an unfinished run follows the deployment's policy.
 */
@QuarkusTest
class DefaultVersionTriggerTest extends TriggerTestBase {

    private static final String KIND = "ON_DEFAULT_VERSION_CHANGE";

    @Test
    void setDefaultVersion_startsExactlyOneRunOfEachFollowingDeployment_withTheNewVersion_notPausedOnesNorOtherPackages()
            throws Exception {
        // Given: a package at 1.0.0 (its default) with 2.0.0 published, two hosts, two deployments following its
        // default, a third whose schedule is paused, and one following another package's default.
        String pkg = Catalog.createPackage("dvc");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);
        String other = Catalog.createPackage("dvc-other");
        Catalog.addLinuxVersion(other, "1.0.0", true);
        Catalog.addLinuxVersion(other, "2.0.0", true);
        FleetSimulator fleet = startFleet(pkg, 2, FAST);
        String first = createScheduled(pkg, "default", byTag(pkg), KIND, null, allAtOnce());
        String second = createScheduled(pkg, "default", byTag(pkg), KIND, null, allAtOnce());
        String paused = createScheduled(pkg, "default", byTag(pkg), KIND, null, allAtOnce());
        Agents.update("update deployment set schedule_paused = true where id = ?::uuid", paused);
        String otherPackage = createScheduled(other, "default", byTag(pkg), KIND, null, allAtOnce());

        // When: the default becomes 2.0.0.
        Rollouts.setDefaultVersion(pkg, "2.0.0");

        // Then: each following deployment runs once, with 2.0.0, and says why.
        for (String deployment : List.of(first, second)) {
            Map<String, Object> run = awaitRun(deployment, 1, "SUCCEEDED");
            assertThat(run.get("version")).isEqualTo("2.0.0");
            JsonPath started = eventDetails((String) run.get("id"), "ROLLOUT_STARTED");
            assertThat(started.getString("trigger")).isEqualTo("DEFAULT_VERSION_CHANGE");
            assertThat(started.getString("defaultVersion")).isEqualTo("2.0.0");
            assertThat(started.getInt("defaultVersionChanges")).isEqualTo(1);
        }
        assertThat(fleet.agents()).allSatisfy(agent -> assertThat(agent.installed()).containsEntry(pkg, "2.0.0"));
        // And: the ticks that ran both found nothing for the paused one nor for the other package's, and started no
        // second run of the first two.
        assertThat(runs(paused)).isEmpty();
        assertThat(runs(otherPackage)).isEmpty();
        assertThat(runs(first)).hasSize(1);
        assertThat(runs(second)).hasSize(1);
    }

    @Test
    void severalChangesBetweenTwoTicks_AtoBtoA_startOneRun_withTheDefaultAtThatMoment() throws Exception {
        String pkg = Catalog.createPackage("dvc-aba");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);
        FleetSimulator fleet = startFleet(pkg, 1, FAST);
        String deployment = createScheduled(pkg, "default", byTag(pkg), KIND, null, allAtOnce());

        // When: 1.0.0 -> 2.0.0 -> 1.0.0 commit together, so no tick can see 2.0.0: the default is what it was.
        try (Connection db = TestDatabase.connect()) {
            db.setAutoCommit(false);
            try (var change = db.prepareStatement("update package set default_version = ? where name = ?")) {
                for (String version : List.of("2.0.0", "1.0.0")) {
                    change.setString(1, version);
                    change.setString(2, pkg);
                    change.executeUpdate();
                }
            }
            db.commit();
        }

        // Then: they are changes all the same, and start one run with the default now, 1.0.0.
        Map<String, Object> run = awaitRun(deployment, 1, "SUCCEEDED");
        assertThat(run.get("version")).isEqualTo("1.0.0");
        JsonPath started = eventDetails((String) run.get("id"), "ROLLOUT_STARTED");
        assertThat(started.getInt("defaultVersionChanges")).isEqualTo(2);
        assertThat(fleet.agent(0).installed()).containsEntry(pkg, "1.0.0");
        assertThat(runs(deployment)).hasSize(1);
    }

    @Test
    void overlapSkip_aChangeWhileARunIsUnfinished_isSkipped_andTheRunsJournalSaysSo() throws Exception {
        String pkg = Catalog.createPackage("dvc-skip");
        for (String version : List.of("1.0.0", "2.0.0", "3.0.0")) {
            Catalog.addLinuxVersion(pkg, version, true);
        }
        FleetSimulator fleet = startFleet(pkg, 1, FAST);
        SimulatedAgent host = fleet.agent(0);
        String deployment = createScheduled(pkg, "default", byTag(pkg), KIND, "SKIP", allAtOnce());
        // Given: the host is offline, so the run for 2.0.0 stays RUNNING with its command queued.
        host.goOffline();
        Rollouts.setDefaultVersion(pkg, "2.0.0");
        String running = (String) awaitRun(deployment, 1, "RUNNING").get("id");

        // When: the default changes again meanwhile.
        Rollouts.setDefaultVersion(pkg, "3.0.0");

        // Then: the unfinished run's journal says the change was skipped, and no second run starts.
        await().atMost(LONG).pollInterval(Duration.ofMillis(200))
                .until(() -> eventTypes(running).contains("SCHEDULED_RUN_SKIPPED"));
        JsonPath skipped = eventDetails(running, "SCHEDULED_RUN_SKIPPED");
        assertThat(skipped.getString("trigger")).isEqualTo("DEFAULT_VERSION_CHANGE");
        assertThat(skipped.getString("defaultVersion")).isEqualTo("3.0.0");
        assertThat(skipped.getString("reason")).contains("overlap SKIP");
        // And: when the run finished, the skipped change stays skipped: no run for 3.0.0 follows.
        host.comeBack();
        Rollouts.awaitState(running, "SUCCEEDED", LONG);
        assertThat(host.installed()).containsEntry(pkg, "2.0.0");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> runs(deployment).size() == 1);
        assertThat(eventTypes(running).stream().filter("SCHEDULED_RUN_SKIPPED"::equals)).hasSize(1);
    }

    @Test
    void overlapWait_aChangeWhileARunIsUnfinished_waits_journaledOnce_andRunsWithTheDefaultWhenTheRunFinished()
            throws Exception {
        String pkg = Catalog.createPackage("dvc-wait");
        for (String version : List.of("1.0.0", "2.0.0", "3.0.0", "4.0.0")) {
            Catalog.addLinuxVersion(pkg, version, true);
        }
        FleetSimulator fleet = startFleet(pkg, 1, FAST);
        SimulatedAgent host = fleet.agent(0);
        String deployment = createScheduled(pkg, "default", byTag(pkg), KIND, "WAIT", allAtOnce());
        host.goOffline();
        Rollouts.setDefaultVersion(pkg, "2.0.0");
        String running = (String) awaitRun(deployment, 1, "RUNNING").get("id");

        // When: the default changes twice while the run is unfinished.
        Rollouts.setDefaultVersion(pkg, "3.0.0");
        await().atMost(LONG).pollInterval(Duration.ofMillis(200))
                .until(() -> eventTypes(running).contains("SCHEDULED_RUN_WAITING"));
        Rollouts.setDefaultVersion(pkg, "4.0.0");

        // Then: the wait is journaled once, and no run starts while the first is unfinished.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> runs(deployment).size() == 1);
        assertThat(eventTypes(running).stream().filter("SCHEDULED_RUN_WAITING"::equals)).hasSize(1);
        assertThat(Agents.row("select run_waiting_since is not null from deployment where id = ?::uuid",
                deployment).get(0)).isEqualTo(true);

        // When: the first run finishes.
        host.comeBack();
        Rollouts.awaitState(running, "SUCCEEDED", LONG);

        // Then: the waiting run starts, with the default at that moment, and the wait is over.
        Map<String, Object> next = awaitRun(deployment, 2, "SUCCEEDED");
        assertThat(next.get("version")).isEqualTo("4.0.0");
        JsonPath started = eventDetails((String) next.get("id"), "ROLLOUT_STARTED");
        assertThat(started.getInt("defaultVersionChanges")).isEqualTo(2);
        assertThat(started.getString("waitedSince")).isNotNull();
        assertThat(host.installed()).containsEntry(pkg, "4.0.0");
        assertThat(Agents.row("select run_waiting_since is null from deployment where id = ?::uuid", deployment)
                .get(0)).isEqualTo(true);
    }

    @Test
    void overlapSkip_aChangeWhileARollbackRuns_waitsForIt_andThenInstallsTheNewDefault() throws Exception {
        String pkg = Catalog.createPackage("dvc-fix");
        for (String version : List.of("1.0.0", "2.0.0", "3.0.0")) {
            Catalog.addLinuxVersion(pkg, version, true);
        }
        SimulatedAgent host = startFleet(pkg, 1, FAST).agent(0);
        String deployment = createScheduled(pkg, "default", byTag(pkg), KIND, "SKIP", allAtOnce());
        Rollouts.setDefaultVersion(pkg, "2.0.0");
        String bad = (String) awaitRun(deployment, 1, "SUCCEEDED").get("id");
        // Given: 2.0.0 is being rolled back; the rollback run waits for its offline host.
        host.goOffline();
        String rollback = GraphQL.ok("mutation($id: String!) { rollback(rolloutId: $id) { id } }",
                vars("id", bad)).getString("rollback.id");
        await().atMost(LONG).until(() -> "RUNNING".equals(Rollouts.get(rollback).getString("state")));

        // When: the fix is published as the new default meanwhile.
        Rollouts.setDefaultVersion(pkg, "3.0.0");

        // Then: although the policy is SKIP, the change waits for the rollback run (journaled once there).
        await().atMost(LONG).pollInterval(Duration.ofMillis(200))
                .until(() -> eventTypes(rollback).contains("SCHEDULED_RUN_WAITING"));
        assertThat(eventDetails(rollback, "SCHEDULED_RUN_WAITING").getString("defaultVersion")).isEqualTo("3.0.0");
        assertThat(eventTypes(rollback)).doesNotContain("SCHEDULED_RUN_SKIPPED");

        // When: the rollback run ends.
        host.comeBack();
        await().atMost(LONG).until(() -> Rollouts.get(rollback).getString("state").equals("ROLLED_BACK"));

        // Then: the run with the fix starts, and the host ends with 3.0.0.
        Map<String, Object> next = awaitRun(deployment, 3, "SUCCEEDED");
        assertThat(next.get("version")).isEqualTo("3.0.0");
        assertThat(eventDetails((String) next.get("id"), "ROLLOUT_STARTED").getString("waitedSince")).isNotNull();
        assertThat(host.installed()).containsEntry(pkg, "3.0.0");
        assertThat(eventTypes(rollback).stream().filter("SCHEDULED_RUN_WAITING"::equals)).hasSize(1);
    }
}
