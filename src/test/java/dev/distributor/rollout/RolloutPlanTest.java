package dev.distributor.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.FleetObservations;
import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.HostProfile;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Fleet;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;
import dev.distributor.testing.Zips;

/**
 * What a plan shows per target (the file, or why it is skipped; offline; conflicts) and how a run keeps to it: skipped
 * targets never count, rollouts of one package take turns on a target, "default" is fixed when the run starts.
 */
@QuarkusTest
class RolloutPlanTest extends RolloutFleetTestBase {

    private static final OutcomeModel FAST = OutcomeModel.alwaysSucceeds(Duration.ofMillis(50));
    private static final HostProfile UBUNTU = HostProfile.of("ubuntu", "22.04", "x86_64");
    /** The test manifests have only an ubuntu file. */
    private static final HostProfile REDHAT = HostProfile.of("redhat", "9", "x86_64");

    @Test
    void thePlan_namesEachTargetsFile_orWhyItIsSkipped_marksOfflineTargets_andCountsWaves() throws Exception {
        String pkg = Catalog.createPackage("plan-skip");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        // Given: 4 ubuntu hosts, 2 of which already have 1.0.0 (installed by a first run), 2 redhat hosts, and an
        // ubuntu target last seen an hour ago.
        FleetSimulator ubuntu = startFleet(pkg, 4, FAST, UBUNTU);
        FleetSimulator redhat = startFleet(pkg, 2, FAST, REDHAT);
        List<String> haveIt = instanceIds(ubuntu).subList(0, 2);
        String first = Rollouts.create(Rollouts.deploymentTo(pkg, "1.0.0", haveIt, Map.of()));
        Rollouts.control("startRollout", first);
        Rollouts.awaitState(first, "SUCCEEDED", Duration.ofMinutes(1));
        String offline = Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", "123456789012", "eu-west-1",
                "{\"fleet\":\"" + pkg + "\"}", OffsetDateTime.now().minusHours(1)));

        JsonPath plan = Rollouts.plan(Map.of("deployment", Rollouts.deployment(pkg, "1.0.0", tag(pkg),
                Map.of("waves", List.of("1")))));

        assertThat(plan.getString("version")).isEqualTo("1.0.0");
        assertThat(plan.getInt("targetCount")).isEqualTo(7);
        assertThat(plan.getInt("runnableCount")).isEqualTo(3);
        assertThat(plan.getInt("skippedCount")).isEqualTo(4);
        assertThat(plan.getInt("offlineCount")).isEqualTo(1);
        assertThat(plan.getInt("conflictCount")).isZero();
        assertThat(plan.getList("waves.size", Integer.class)).containsExactly(1, 2);
        Map<String, Map<String, Object>> byTarget = byInstanceId(plan.getList("targets"));
        String fileSha = Zips.sha256(Catalog.linuxZip(pkg, "1.0.0"));
        for (String id : List.of(instanceIds(ubuntu).get(2), instanceIds(ubuntu).get(3), offline)) {
            Map<String, Object> target = byTarget.get(id);
            assertThat(target.get("skipReason")).as(id).isNull();
            assertThat(target.get("fileName")).isEqualTo("app-linux.zip");
            assertThat(target.get("fileSha256")).isEqualTo(fileSha);
            assertThat(((Number) target.get("fileSize")).longValue())
                    .isEqualTo(Catalog.linuxZip(pkg, "1.0.0").length);
            assertThat((Integer) target.get("wave")).isBetween(1, 2);
            assertThat(target.get("online")).isEqualTo(!id.equals(offline));
        }
        for (String id : haveIt) {
            assertThat(byTarget.get(id)).containsEntry("skipReason", "ALREADY_INSTALLED")
                    .containsEntry("installedVersion", "1.0.0").containsEntry("wave", 0)
                    .containsEntry("fileName", null);
        }
        for (String id : instanceIds(redhat)) {
            assertThat(byTarget.get(id)).containsEntry("skipReason", "NO_FILE_FOR_PLATFORM")
                    .containsEntry("wave", 0).containsEntry("fileName", null);
            assertThat((String) byTarget.get(id).get("skipDetail")).contains("redhat");
        }

        // And: with other arguments, "already installed" no longer holds (installed with the same arguments only).
        Map<String, Object> withArguments = new HashMap<>(Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of()));
        withArguments.put("arguments", List.of(Map.of("name", "SSM_PORT", "value", "8080")));
        JsonPath replan = Rollouts.plan(Map.of("deployment", withArguments));
        assertThat(replan.getInt("runnableCount")).isEqualTo(5);
        assertThat(byInstanceId(replan.getList("targets")).get(haveIt.get(0))).containsEntry("skipReason", null)
                .containsEntry("installedVersion", "1.0.0");
    }

    @Test
    void skippedTargets_neverCountAsSuccess_norAgainstTheThresholds() throws Exception {
        String pkg = Catalog.createPackage("plan-skipped-run");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        FleetSimulator ubuntu = startFleet(pkg, 3, FAST, UBUNTU);
        FleetSimulator redhat = startFleet(pkg, 3, FAST, REDHAT);
        // The strictest thresholds: every attempted invocation must succeed, no error allowed.
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg), Map.of("waves",
                List.of("1"), "maxConcurrency", "100%", "maxErrors", "0", "waveSuccessPercent", 100)));

        JsonPath started = Rollouts.control("startRollout", rollout);
        assertThat(started.getList("waveSizes", Integer.class)).containsExactly(1, 2);
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));

        assertThat(done.getInt("counts.total")).isEqualTo(6);
        assertThat(done.getInt("counts.success")).isEqualTo(3);
        assertThat(done.getInt("counts.skipped")).isEqualTo(3);
        assertThat(done.getInt("waves[0].counts.success") + done.getInt("waves[1].counts.success")).isEqualTo(3);
        assertThat(Rollouts.invocations(rollout, "SKIPPED")).hasSize(3).allSatisfy(i -> {
            assertThat(instanceIds(redhat)).contains((String) i.get("instanceId"));
            assertThat((String) i.get("statusReason")).startsWith("NO_FILE_FOR_PLATFORM: ");
            assertThat(i.get("wave")).isEqualTo(0);
        });
        // The skipped hosts were never sent anything.
        assertThat(redhat.agents()).allSatisfy(a -> assertThat(a.receipts()).isEmpty());
        assertThat(commandsRun(ubuntu)).isEqualTo(3);
        assertEventsGapFree(rollout);
    }

    @Test
    void aSecondRolloutOfThePackage_showsTheConflict_andWaitsOnEachTargetUntilTheFirstIsDoneThere()
            throws Exception {
        String pkg = Catalog.createPackage("plan-conflict");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);
        FleetSimulator fleet = startFleet(pkg, 4, FAST);
        // Given: a first rollout of 1.0.0 that ran its canary and waits for approval, three targets still to do.
        String firstRun = Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg),
                Map.of("waves", List.of("1"), "maxConcurrency", "100%", "manualApproval", true)));
        Rollouts.control("startRollout", firstRun);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> "APPROVAL".equals(Rollouts.get(firstRun).getString("waitingFor")));
        List<String> pendingInFirst = Rollouts.invocations(firstRun, "PENDING").stream()
                .map(i -> (String) i.get("instanceId")).toList();
        assertThat(pendingInFirst).hasSize(3);

        // When: a second deployment of the package (2.0.0) is planned on the same targets.
        Map<String, Object> second = Rollouts.deployment(pkg, "2.0.0", tag(pkg),
                Map.of("waves", List.of("100%"), "maxConcurrency", "100%"));
        JsonPath plan = Rollouts.plan(Map.of("deployment", second));

        // Then: the plan shows the conflicts: the targets the first rollout has not finished.
        assertThat(plan.getInt("conflictCount")).isEqualTo(3);
        Map<String, Map<String, Object>> byTarget = byInstanceId(plan.getList("targets"));
        for (String id : pendingInFirst) {
            assertThat(byTarget.get(id).get("conflictingRollouts")).isEqualTo(List.of(firstRun));
        }

        // When: it is started anyway, it may do the target the first is done with, and waits on the other three.
        String secondRun = Rollouts.create(second);
        Rollouts.control("startRollout", secondRun);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> Rollouts.get(secondRun).getInt("counts.success") >= 1);
        assertNothingMovesFor(secondRun, Duration.ofSeconds(2));
        JsonPath waiting = Rollouts.get(secondRun);
        assertThat(waiting.getInt("counts.success")).isEqualTo(1);
        assertThat(waiting.getInt("counts.pending")).isEqualTo(3);

        // When: the first is approved and finishes, the second does the rest.
        Rollouts.control("approveWave", firstRun);
        Rollouts.awaitState(firstRun, "SUCCEEDED", Duration.ofMinutes(1));
        Rollouts.awaitState(secondRun, "SUCCEEDED", Duration.ofMinutes(1));

        // Then: on every host the first rollout's command came before the second's, so the newer version stayed.
        Map<String, String> firstCommands = commandsByTarget(firstRun);
        Map<String, String> secondCommands = commandsByTarget(secondRun);
        for (SimulatedAgent agent : fleet.agents()) {
            List<String> received = agent.receipts().stream().map(FleetObservations.Receipt::commandId).distinct()
                    .toList();
            assertThat(received).as(agent.hostname())
                    .containsExactly(firstCommands.get(agent.instanceId()), secondCommands.get(agent.instanceId()));
            assertThat(agent.installed()).containsEntry(pkg, "2.0.0");
        }
        assertNoHostRanACommandTwice(fleet);
    }

    @Test
    void aRunFollowingDefault_keepsTheVersionResolvedAtItsStart_whenTheDefaultChangesMidRun() throws Exception {
        String pkg = Catalog.createPackage("plan-default");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);
        assertThat(Catalog.defaultVersion(pkg)).isEqualTo("1.0.0");
        FleetSimulator fleet = startFleet(pkg, 4, FAST);
        String rollout = Rollouts.create(Rollouts.deployment(pkg, "default", tag(pkg),
                Map.of("waves", List.of("1"), "maxConcurrency", "100%", "manualApproval", true)));
        JsonPath started = Rollouts.control("startRollout", rollout);
        assertThat(started.getString("version")).isEqualTo("1.0.0");
        await().atMost(Duration.ofMinutes(1))
                .until(() -> "APPROVAL".equals(Rollouts.get(rollout).getString("waitingFor")));

        // When: the default changes between the waves.
        Rollouts.setDefaultVersion(pkg, "2.0.0");
        Rollouts.control("approveWave", rollout);
        JsonPath done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofMinutes(1));

        // Then: the run installs what it resolved at its start everywhere; only a new run would take 2.0.0.
        assertThat(done.getString("version")).isEqualTo("1.0.0");
        assertThat(Rollouts.allInvocations(rollout)).extracting(i -> i.get("version")).containsOnly("1.0.0");
        assertThat(fleet.agents()).allSatisfy(a -> assertThat(a.installed()).containsEntry(pkg, "1.0.0"));
        String deploymentId = GraphQL.ok("query($id: String!) { rollout(id: $id) { deploymentId } }",
                GraphQL.vars("id", rollout)).getString("rollout.deploymentId");
        assertThat(Rollouts.plan(Map.of("deploymentId", deploymentId)).getString("version")).isEqualTo("2.0.0");
        assertEventsGapFree(rollout);
    }

    private static Map<String, Map<String, Object>> byInstanceId(List<Map<String, Object>> targets) {
        Map<String, Map<String, Object>> byId = new HashMap<>();
        targets.forEach(t -> byId.put((String) t.get("instanceId"), t));
        return byId;
    }

    private static Map<String, String> commandsByTarget(String rollout) {
        Map<String, String> byTarget = new HashMap<>();
        new ArrayList<>(Rollouts.allInvocations(rollout))
                .forEach(i -> byTarget.put((String) i.get("instanceId"), (String) i.get("commandId")));
        return byTarget;
    }
}
