package dev.distributor.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import dev.distributor.agent.queue.CommandWakeups;
import dev.distributor.agent.queue.QuietHosts;
import dev.distributor.common.db.PoolPressure;
import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Rollouts;

/**
 * Issue 21 at small scale: many more hosts holding long polls than the database pool has connections, while a
 * rollout dispatches to all of them at once. The engine's work and the agent API's work must not starve each other:
 * the run completes, every host runs its command once, and no agent is ever answered 5xx. A poll that finds no free
 * connection is shed (204 with a longer pause) instead of answered 500.
 */
@QuarkusTest
@TestProfile(RolloutPoolStarvationTest.TinyPool.class)
class RolloutPoolStarvationTest extends RolloutFleetTestBase {

    /** Three pooled connections for 40 hosts with short polls, so their deadlines keep coming. */
    public static class TinyPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", String.valueOf(POOL),
                    "distributor.agent.connection-wait", "1s");
        }
    }

    private static final int POOL = 3;
    private static final int HOSTS = 40;

    @Inject
    PoolPressure pressure;

    @Inject
    Pool pool;

    @Test
    void everyPooledConnection_hasTheServerEndTransactionsLeftIdle() {
        String timeout = pool.query("show idle_in_transaction_session_timeout").execute().await()
                .atMost(Duration.ofSeconds(10)).iterator().next().getString(0);
        assertThat(timeout).isEqualTo("1min");
    }

    @Test
    void givenEveryPooledConnectionTaken_aPollIsShedWith204AndALongerPause_notA500() {
        Agents.Host host = Agents.registerHost();
        Agents.Host idle = Agents.registerHost();
        assertThat(Agents.poll(host, 0).statusCode()).as("a first poll, which caches the token").isEqualTo(204);
        assertThat(Agents.poll(idle, 0).statusCode()).as("a first poll, which finds nothing open").isEqualTo(204);
        // A command waits for the host, so its poll must read the queue (a host with nothing open needs no query).
        UUID queued = Agents.queue(Agents.install(host.instanceId(), null));
        QuietHosts quiet = Agents.bean(CommandWakeups.class).quietHosts();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !quiet.isQuiet(host.instanceId()));
        long shedBefore = pressure.total();
        List<SqlConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < POOL; i++) {
                held.add(pool.getConnection().await().atMost(Duration.ofSeconds(10)));
            }
            long start = System.nanoTime();
            Response poll = Agents.poll(host, 5);

            assertThat(poll.statusCode()).isEqualTo(204);
            assertThat(poll.header("X-Next-Poll-Seconds")).isEqualTo("30");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("shed after the connection wait")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(pressure.total()).as("counted for the periodic WARN").isGreaterThan(shedBefore);
            // The host with nothing open is answered from memory: no connection needed, nothing shed.
            Response idlePoll = Agents.poll(idle, 0);
            assertThat(idlePoll.statusCode()).isEqualTo(204);
            assertThat(idlePoll.header("X-Next-Poll-Seconds")).isEqualTo("0");
        } finally {
            held.forEach(SqlConnection::closeAndForget);
        }
        assertThat(Agents.keyValues(Agents.poll(host, 0).then().statusCode(200).extract().asString()))
                .as("served again once connections are free").containsEntry("COMMAND_ID", queued.toString());
    }

    @Test
    void givenFarMoreHeldPollsThanPooledConnections_aRolloutToAllOfThem_completesWithoutA5xx() throws Exception {
        String pkg = Catalog.createPackage("starve");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        FleetSimulator fleet = startFleet(pkg, HOSTS, OutcomeModel.alwaysSucceeds(Duration.ofMillis(20)),
                builder -> builder.pollWaitSeconds(3));

        String rollout = Rollouts.create(Rollouts.deployment(pkg, "default", tag(pkg),
                Map.of("waves", List.of("100%"), "maxConcurrency", "100%", "maxErrors", "100%")));
        long t0 = System.nanoTime();
        Rollouts.control("startRollout", rollout);
        long t1 = System.nanoTime();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(600))
                .until(() -> fleet.observations().commandsReceived() > 0);
        long t2 = System.nanoTime();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(600))
                .until(() -> fleet.observations().commandsReceived() >= HOSTS);
        long t3 = System.nanoTime();
        System.out.printf("STARVE hosts=%d start=%dms first=%dms last=%dms%n", HOSTS, (t1 - t0) / 1000000,
                (t2 - t0) / 1000000, (t3 - t0) / 1000000);

        var done = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofSeconds(120));
        assertThat(done.getInt("counts.success")).isEqualTo(HOSTS);
        assertThat(commandsRun(fleet)).isEqualTo(HOSTS);
        assertNoHostRanACommandTwice(fleet);
        assertThat(fleet.observations().errors()).as("errors the agents saw")
                .allSatisfy((call, count) -> assertThat(call).doesNotMatch(".* 5\\d\\d"));
    }
}
