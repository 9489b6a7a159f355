package dev.distributor.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

import dev.distributor.fleet.service.AgentGauges;
import dev.distributor.rollout.progress.RolloutProgressHub;
import dev.distributor.rollout.service.RolloutStateGauges;
import dev.distributor.simulator.Backoff;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.simulator.SimulatedFleetTestBase;
import dev.distributor.ssm.client.SsmCalls;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Rollouts;

/**
 * The domain series of docs/OBSERVABILITY.md, read from /q/metrics after two rollouts to simulated hosts: one that
 * succeeds in two waves although two of its six hosts fail, one whose first failure trips its error budget. Counters
 * are compared with a scrape taken before (other test classes share the service), so each delta is exact.
 */
@QuarkusTest
class MetricsTest extends SimulatedFleetTestBase {

    private static final OutcomeModel SUCCEEDS = OutcomeModel.alwaysSucceeds(Duration.ofMillis(50));
    private static final OutcomeModel FAILS = OutcomeModel.successRate(0, Duration.ofMillis(50),
            Duration.ofMillis(50));

    @Inject
    RolloutStateGauges rolloutStates;

    @Inject
    AgentGauges agentGauges;

    @Inject
    RolloutProgressHub progress;

    @Inject
    SsmCalls ssm;

    @Test
    void aRolloutToSimulatedHosts_showsInTheDomainSeries_withExactCounts() throws Exception {
        Agents.await(rolloutStates::refresh);
        Scrape before = Scrape.now();

        String pkg = Catalog.createPackage("metrics");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        var activation = service().activation(8, Map.of("fleet", pkg));
        fleet = simulator().activation(activation.id().toString(), activation.code()).agents(8)
                .hostnamePrefix(pkg + "-").pollWaitSeconds(5).outcomes(SUCCEEDS)
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                .build();
        fleet.start().get();
        List<String> hosts = fleet.agents().stream().map(SimulatedAgent::instanceId).toList();
        // Hosts 0-1 fail in the first run; hosts 6-7 are the second run's and both fail.
        List.of(0, 1, 6, 7).forEach(i -> fleet.agent(hosts.get(i)).orElseThrow().outcomes(FAILS));
        Agents.register(Map.of("ACTIVATION_ID", activation.id().toString(), "ACTIVATION_CODE", "wrong",
                "HOSTNAME", "intruder", "PLATFORM", "ubuntu", "PLATFORM_VERSION", "22.04", "ARCH", "x86_64",
                "AGENT_VERSION", "sh-0.1.0")).then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400));

        // A live subscriber of the first run, counted while it listens.
        String tolerant = Rollouts.create(Rollouts.deploymentTo(pkg, "1.0.0", hosts.subList(0, 6), Map.of(
                "waves", List.of("50%", "100%"), "maxConcurrency", "100%", "maxErrors", "100%",
                "waveSuccessPercent", 0)));
        Cancellable subscriber = progress.follow(UUID.fromString(tolerant), 0, event -> false).subscribe()
                .with(batch -> {
                });
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Scrape.now().sum("distributor_live_subscribers", "stream",
                        "rollout") == before.sum("distributor_live_subscribers", "stream", "rollout") + 1);
        Rollouts.control("startRollout", tolerant);
        var succeeded = Rollouts.awaitState(tolerant, "SUCCEEDED", Duration.ofSeconds(60));
        assertThat(succeeded.getInt("counts.success")).isEqualTo(4);
        assertThat(succeeded.getInt("counts.failed")).isEqualTo(2);
        subscriber.cancel();

        String strict = Rollouts.create(Rollouts.deploymentTo(pkg, "1.0.0", hosts.subList(6, 8), Map.of(
                "waves", List.of("100%"), "maxConcurrency", "1", "maxErrors", "0", "onFailure", "STOP")));
        Rollouts.control("startRollout", strict);
        var failed = Rollouts.awaitState(strict, "FAILED", Duration.ofSeconds(60));
        assertThat(failed.getInt("counts.failed")).isEqualTo(1);

        // SSM calls are timed in SsmCalls whatever the call; no SSM endpoint is needed to see it.
        Agents.await(() -> ssm.once("SendCommand", () -> CompletableFuture.completedFuture("sent")));
        Agents.await(() -> ssm.idempotent("GetCommandInvocation",
                () -> CompletableFuture.<String>failedFuture(AwsServiceException.builder().statusCode(400)
                        .message("refused").build()))
                .onFailure().recoverWithItem("refused"));

        Agents.await(rolloutStates::refresh);
        Agents.await(agentGauges::refresh);
        // Wave durations are read from the run's events after the commit that completed the wave.
        await().atMost(Duration.ofSeconds(10)).until(() -> delta(before, Scrape.now(),
                "distributor_wave_duration_seconds_count") == 2);
        Scrape after = Scrape.now();

        // Rollouts by state, from the database: one more SUCCEEDED, one more FAILED.
        assertThat(delta(before, after, "distributor_rollouts", "state", "SUCCEEDED")).isEqualTo(1);
        assertThat(delta(before, after, "distributor_rollouts", "state", "FAILED")).isEqualTo(1);
        // Invocations the engine ended, by status (the simulator reports no step): 4 successes, 2 + 1 failures.
        assertThat(delta(before, after, "distributor_invocations_finished_total", "status", "SUCCESS",
                "driver", "AGENT")).isEqualTo(4);
        assertThat(delta(before, after, "distributor_invocations_finished_total", "status", "FAILED",
                "driver", "AGENT")).isEqualTo(3);
        assertThat(delta(before, after, "distributor_invocation_report_seconds_count", "driver", "AGENT"))
                .isEqualTo(7);
        assertThat(delta(before, after, "distributor_invocation_report_seconds_sum")).isPositive();
        assertThat(delta(before, after, "distributor_rollout_thresholds_tripped_total", "action", "stop",
                "cause", "MAX_ERRORS")).isEqualTo(1);
        assertThat(delta(before, after, "distributor_wave_duration_seconds_count")).isEqualTo(2);
        // Agents: eight registered, one refused; all eight poll and are online.
        assertThat(delta(before, after, "distributor_agent_registrations_total", "outcome", "registered"))
                .isEqualTo(8);
        assertThat(delta(before, after, "distributor_agent_registrations_total", "outcome",
                "activation_invalid")).isEqualTo(1);
        // At least one poll per invocation carried its command (a held poll lost under load is delivered again).
        assertThat(delta(before, after, "distributor_agent_polls_total", "outcome", "command"))
                .isGreaterThanOrEqualTo(7);
        assertThat(delta(before, after, "distributor_agent_polls_total"))
                .isGreaterThanOrEqualTo(delta(before, after, "distributor_agent_polls_total", "outcome", "command"));
        assertThat(after.sum("distributor_agents_online")).isGreaterThanOrEqualTo(8);
        assertThat(after.has("distributor_agents_offline")).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Scrape.now().sum("distributor_agent_polls_held") >= 1);
        // Events: at least every event of both runs (their eventSeq), and the hosts' registrations.
        assertThat(delta(before, after, "distributor_events_published_total", "stream", "rollout"))
                .isGreaterThanOrEqualTo(succeeded.getInt("eventSeq") + failed.getInt("eventSeq"));
        assertThat(delta(before, after, "distributor_events_published_total", "stream", "fleet"))
                .isGreaterThanOrEqualTo(8);
        assertThat(after.sum("distributor_live_subscribers", "stream", "rollout"))
                .isEqualTo(before.sum("distributor_live_subscribers", "stream", "rollout"));
        assertThat(after.has("distributor_live_subscribers", "stream", "fleet")).isTrue();
        // The artifact store was called (the version's upload verified and promoted), and SSM twice.
        assertThat(delta(before, after, "distributor_s3_call_seconds_count", "outcome", "success")).isPositive();
        assertThat(delta(before, after, "distributor_ssm_call_seconds_count", "operation", "SendCommand",
                "outcome", "success")).isEqualTo(1);
        assertThat(delta(before, after, "distributor_ssm_call_seconds_count", "operation",
                "GetCommandInvocation", "outcome", "error")).isEqualTo(1);
        assertThat(after.sum("distributor_listen_connection_up")).isEqualTo(1);
        // Every series docs/OBSERVABILITY.md documents is exported (a timer as its _count, _sum, _bucket, _max).
        Catalogue catalogue = Catalogue.read();
        assertThat(catalogue.series()).hasSizeGreaterThan(10).allSatisfy(series -> assertThat(
                catalogue.timers().contains(series)
                        ? after.has(series + "_count") && after.has(series + "_bucket")
                        : after.has(series))
                .as(series + " exported").isTrue());
    }

    @Test
    void everyExportedSeriesHasAPrometheusName_noneIsExportedAsM_() {
        Scrape scrape = Scrape.now();
        // A meter whose name does not start with a letter is exported as m_<name>: the pool metrics of a pool
        // without a type did that (docs/OBSERVABILITY.md, "Fixed at the start").
        assertThat(scrape.names()).noneMatch(name -> name.startsWith("m_"));
        assertThat(scrape.names()).contains("distributor_listen_connection_up", "distributor_rollouts",
                "distributor_agents_online", "distributor_agent_polls_held");
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

}
