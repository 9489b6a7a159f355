package dev.distributor.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.distributor.simulator.Backoff;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.simulator.SimulatedFleetTestBase;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Fleet;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;

/** A rollout across a simulated fleet: waves in order, every host installs once, the run succeeds. */
@QuarkusTest
class RolloutWavesTest extends SimulatedFleetTestBase {

    @Test
    void aRolloutInWaves_installsOnEveryHost_waveAfterWave_andSucceeds() throws Exception {
        String pkg = Catalog.createPackage("waves");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        String tag = "fleet=" + pkg;
        var activation = service().activation(12, Map.of("fleet", pkg));
        fleet = simulator().activation(activation.id().toString(), activation.code()).agents(12)
                .hostnamePrefix(pkg + "-").pollWaitSeconds(2)
                .outcomes(OutcomeModel.alwaysSucceeds(Duration.ofMillis(50)))
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .build();
        fleet.start().get();

        var plan = Rollouts.plan(Map.of("deployment", Rollouts.deployment(pkg, "default", tag,
                Map.of("waves", List.of("1", "25%"), "maxConcurrency", "3"))));
        assertThat(plan.getInt("targetCount")).isEqualTo(12);
        assertThat(plan.getList("waves.size", Integer.class)).containsExactly(1, 3, 8);
        assertThat(plan.getString("version")).isEqualTo("1.0.0");

        String rollout = Rollouts.create(Rollouts.deployment(pkg, "default", tag,
                Map.of("waves", List.of("1", "25%"), "maxConcurrency", "3")));
        assertThat(Rollouts.get(rollout).getString("state")).isEqualTo("PLANNED");
        Rollouts.control("startRollout", rollout);

        var done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofSeconds(60));
        assertThat(done.getInt("counts.success")).isEqualTo(12);
        assertThat(done.getList("waves.state", String.class)).containsOnly("DONE");
        for (SimulatedAgent agent : fleet.agents()) {
            assertThat(agent.installed()).containsEntry(pkg, "1.0.0");
        }

        // The read side: the run's deployment, and the package's deployments with their runs.
        var read = GraphQL.ok("""
                query($id: String!, $pkg: String!) {
                  rollout(id: $id) {
                    version
                    deployment { packageName version action installType selector { tags }
                                 strategy { waves maxConcurrency maxErrors waveSuccessPercent onFailure } }
                  }
                  deployments(packageName: $pkg) {
                    totalCount
                    edges { node { id latestRollout { id state } rollouts { id runNumber } } }
                  }
                }
                """, GraphQL.vars("id", rollout, "pkg", pkg));
        assertThat(read.getString("rollout.version")).isEqualTo("1.0.0");
        assertThat(read.getString("rollout.deployment.version")).isEqualTo("default");
        assertThat(read.getString("rollout.deployment.installType")).isEqualTo("REINSTALL");
        assertThat(read.getList("rollout.deployment.selector.tags")).containsExactly(tag);
        assertThat(read.getList("rollout.deployment.strategy.waves")).containsExactly("1", "25%");
        assertThat(read.getString("rollout.deployment.strategy.maxErrors")).isEqualTo("5%");
        assertThat(read.getString("rollout.deployment.strategy.onFailure")).isEqualTo("STOP");
        assertThat(read.getInt("deployments.totalCount")).isEqualTo(1);
        assertThat(read.getString("deployments.edges[0].node.latestRollout.id")).isEqualTo(rollout);
        assertThat(read.getString("deployments.edges[0].node.latestRollout.state")).isEqualTo("SUCCEEDED");
        assertThat(read.getList("deployments.edges[0].node.rollouts.runNumber")).containsExactly(1);
    }

    @Test
    void anUninstallRollout_removesThePackageWhereItIsInstalled_andSkipsHostsWithoutIt() throws Exception {
        String pkg = Catalog.createPackage("uninstall");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        var activation = service().activation(4, Map.of("fleet", pkg));
        fleet = simulator().activation(activation.id().toString(), activation.code()).agents(4)
                .hostnamePrefix(pkg + "-").pollWaitSeconds(2).installed(Map.of(pkg, "1.0.0"))
                .outcomes(OutcomeModel.alwaysSucceeds(Duration.ofMillis(50)))
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .build();
        fleet.start().get();
        String bare = Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", "123456789012", "eu-west-1",
                "{\"fleet\": \"" + pkg + "\"}", OffsetDateTime.now()));
        Map<String, Object> uninstall = Map.of("packageName", pkg, "version", "default", "action", "UNINSTALL",
                "selector", Map.of("tags", List.of("fleet=" + pkg)), "strategy", Map.of("waves", List.of("100%")));

        var plan = Rollouts.plan(Map.of("deployment", uninstall));
        assertThat(plan.getString("version")).isNull();
        assertThat(plan.getInt("runnableCount")).isEqualTo(4);
        List<Map<String, Object>> targets = plan.getList("targets");
        assertThat(targets).filteredOn(t -> "NOT_INSTALLED".equals(t.get("skipReason")))
                .extracting(t -> t.get("instanceId")).containsExactly(bare);
        assertThat(targets).filteredOn(t -> t.get("skipReason") == null)
                .extracting(t -> t.get("installedVersion")).containsOnly("1.0.0");

        String rollout = Rollouts.create(uninstall);
        Rollouts.control("startRollout", rollout);
        var done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofSeconds(60));

        assertThat(done.getInt("counts.success")).isEqualTo(4);
        assertThat(done.getInt("counts.skipped")).isEqualTo(1);
        for (SimulatedAgent agent : fleet.agents()) {
            assertThat(agent.installed()).doesNotContainKey(pkg);
        }
        assertThat(Agents.row("select count(*) from installed_package where package_name = ?", pkg))
                .containsExactly(0L);
    }
}
