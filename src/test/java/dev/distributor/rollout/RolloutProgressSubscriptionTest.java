package dev.distributor.rollout;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;

import dev.distributor.common.db.Notifications;
import dev.distributor.rollout.progress.RolloutProgressHub;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQLWs;
import dev.distributor.testing.NodeClient;
import dev.distributor.testing.Rollouts;

/**
 * Following a rollout live over {@code graphql-transport-ws}: a snapshot, then every event as it commits, in order and
 * without a gap, ending with the run. The engine's periodic tick is set to an hour here, so every step of these runs
 * happens because a control or an agent's report woke the engine, never because a period went by.
 */
@QuarkusTest
@TestProfile(RolloutProgressSubscriptionTest.ReportsDriveTheEngine.class)
class RolloutProgressSubscriptionTest extends RolloutFleetTestBase {

    /** The engine ticks only when woken (by a control or a report) within a test's time. */
    public static class ReportsDriveTheEngine implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("distributor.rollout.tick", "1h");
        }
    }

    static final String PROGRESS = """
            subscription($id: String!, $after: Int) {
              rolloutProgress(id: $id, afterSeq: $after) {
                seq
                snapshot {
                  rollout { state eventSeq }
                  counts { total pending queued inProgress success failed timedOut cancelled skipped }
                  waves { number counts { total pending queued inProgress success failed timedOut cancelled skipped } }
                }
                events { seq type instanceId invocationId status previousStatus wave details }
              }
            }
            """;

    @Inject
    RolloutProgressHub hub;

    @Inject
    Pool pool;

    @Test
    void subscribers_getASnapshotThenEveryEventOfTheRun_inOrder_asTheEventTableHasThem() throws Exception {
        String rollout = plannedRollout("live", 16,
                OutcomeModel.successRate(0.75, Duration.ofMillis(50), Duration.ofMillis(400)),
                Map.of("waves", List.of("2", "50%", "100%"), "maxConcurrency", "4", "maxErrors", "100%",
                        "waveSuccessPercent", 0));

        try (GraphQLWs ws = GraphQLWs.connect(graphql())) {
            // Given: one subscriber from before the start, two that join mid-run (one resuming after seq 3), ...
            GraphQLWs.Subscription fromPlanned = ws.subscribe(PROGRESS, vars("id", rollout));
            await().atMost(Duration.ofSeconds(10)).until(() -> fromPlanned.next().size() == 1);
            Rollouts.control("startRollout", rollout);
            await().atMost(Duration.ofSeconds(30)).until(() -> fromPlanned.next().size() > 10);
            GraphQLWs.Subscription resumed = ws.subscribe(PROGRESS, vars("id", rollout, "after", 3));
            GraphQLWs.Subscription midRun = ws.subscribe(PROGRESS, vars("id", rollout));

            // When: the run ends, each subscription completes by itself.
            for (GraphQLWs.Subscription s : List.of(fromPlanned, resumed, midRun)) {
                s.awaitDone(Duration.ofSeconds(60));
                assertThat(s.errors()).isEmpty();
            }
            JsonPath finished = Rollouts.get(rollout);
            assertThat(finished.getString("state")).isEqualTo("SUCCEEDED");
            List<Map<String, Object>> table = Rollouts.events(rollout);
            assertThat(table).hasSize(finished.getInt("eventSeq"));

            // Then: the first message is the snapshot, then every event of the table after the subscriber's point.
            JsonObject planned = snapshotOf(fromPlanned);
            assertThat(planned.getJsonObject("rollout").getString("state")).isEqualTo("PLANNED");
            assertThat(planned.getJsonObject("rollout").getInteger("eventSeq")).isZero();
            assertThat(eventsOf(fromPlanned)).isEqualTo(keyed(table));
            assertThat(eventsOf(resumed)).isEqualTo(keyed(table.subList(3, table.size())));
            int midSeq = snapshotOf(midRun).getJsonObject("rollout").getInteger("eventSeq");
            assertThat(midSeq).isBetween(1, table.size() - 1);
            assertThat(eventsOf(midRun)).isEqualTo(keyed(table.subList(midSeq, table.size())));
            // Each message's seq is its last event's, so they rise from the snapshot's 0 to the run's last event.
            List<Integer> seqs = fromPlanned.next().stream().map(m -> data(m).getInteger("seq")).toList();
            assertThat(seqs).first().isEqualTo(0);
            assertThat(seqs).isSorted().doesNotHaveDuplicates().last().isEqualTo(table.size());

            // And: the mid-run snapshot's counts, moved by each later event's previousStatus -> status, are the end's.
            Map<String, Integer> counts = countsOf(snapshotOf(midRun).getJsonObject("counts"));
            for (JsonObject event : eventJsons(midRun)) {
                if (event.getString("invocationId") != null) {
                    counts.merge(key(event.getString("previousStatus")), -1, Integer::sum);
                    counts.merge(key(event.getString("status")), 1, Integer::sum);
                }
            }
            assertThat(counts).isEqualTo(countsOf(new JsonObject(finished.getMap("counts"))));
            await().atMost(Duration.ofSeconds(5)).until(() -> hub.subscribers() == 0);
        }
    }

    @Test
    void aFinishedRun_answersItsSnapshotAndCompletes_andBadRequestsAreRefusedWithTheirCodes() throws Exception {
        String rollout = plannedRollout("done", 3, OutcomeModel.alwaysSucceeds(Duration.ofMillis(20)),
                Map.of("waves", List.of("100%")));
        Rollouts.control("startRollout", rollout);
        JsonPath finished = Rollouts.awaitState(rollout, "SUCCEEDED", Duration.ofSeconds(30));

        try (GraphQLWs ws = GraphQLWs.connect(graphql())) {
            GraphQLWs.Subscription late = ws.subscribe(PROGRESS, vars("id", rollout)).awaitDone(Duration.ofSeconds(10));
            assertThat(late.next()).hasSize(1);
            assertThat(snapshotOf(late).getJsonObject("counts").getInteger("success")).isEqualTo(3);
            assertThat(data(late.next().get(0)).getInteger("seq")).isEqualTo(finished.getInt("eventSeq"));

            GraphQLWs.Subscription unknown = ws.subscribe(PROGRESS, vars("id", java.util.UUID.randomUUID().toString()))
                    .awaitDone(Duration.ofSeconds(10));
            assertThat(codes(unknown)).containsExactly("ROLLOUT_NOT_FOUND");
            GraphQLWs.Subscription beyond = ws.subscribe(PROGRESS,
                    vars("id", rollout, "after", finished.getInt("eventSeq") + 1)).awaitDone(Duration.ofSeconds(10));
            assertThat(codes(beyond)).containsExactly("INVALID_INPUT");
        }
    }

    @Test
    void aCancelledRun_endsItsSubscriptionWithROLLOUT_CANCELLED_afterTheCancellations_andLateReportsAreReadAfter()
            throws Exception {
        // 8 hosts, 2 at a time, 1 s each: cancelled while the first ones run and the rest wait.
        String rollout = plannedRollout("cancel", 8, OutcomeModel.alwaysSucceeds(Duration.ofSeconds(1)),
                Map.of("waves", List.of("100%"), "maxConcurrency", "2"));
        try (GraphQLWs ws = GraphQLWs.connect(graphql())) {
            GraphQLWs.Subscription live = ws.subscribe(PROGRESS, vars("id", rollout));
            await().atMost(Duration.ofSeconds(10)).until(() -> live.next().size() == 1);
            Rollouts.control("startRollout", rollout);
            await().atMost(Duration.ofSeconds(30)).until(() -> Rollouts.get(rollout).getInt("counts.inProgress") > 0);

            // When: the operator cancels while commands run.
            Rollouts.control("cancelRollout", rollout);

            // Then: the subscription ends with ROLLOUT_CANCELLED, after the cancellations of its transaction.
            live.awaitDone(Duration.ofSeconds(30));
            assertThat(live.errors()).isEmpty();
            List<JsonObject> seen = eventJsons(live);
            assertThat(seen.get(seen.size() - 1).getString("type")).isEqualTo("ROLLOUT_CANCELLED");
            JsonPath ended = awaitNothingOut(rollout, Duration.ofSeconds(30));
            assertThat(ended.getInt("counts.cancelled")).isPositive();
            assertThat(seen.stream().filter(e -> "CANCELLED".equals(e.getString("status"))
                    && e.getString("instanceId") != null)).hasSize(ended.getInt("counts.cancelled"));
            List<Map<String, Object>> table = Rollouts.events(rollout);
            assertThat(eventsOf(live)).isEqualTo(keyed(table.subList(0, seen.size())));

            // And: the commands that were running report after the end; a later subscription from where the live
            // one stopped gets exactly those, then completes at the run's newest event.
            GraphQLWs.Subscription late = ws.subscribe(PROGRESS, vars("id", rollout, "after", seen.size()))
                    .awaitDone(Duration.ofSeconds(10));
            assertThat(late.errors()).isEmpty();
            assertThat(eventsOf(late)).isEqualTo(keyed(Rollouts.events(rollout).subList(seen.size(),
                    ended.getInt("eventSeq"))));
            assertThat(eventJsons(late)).extracting(e -> e.getString("status")).allMatch("SUCCESS"::equals);
        }
    }

    @Test
    void theListenConnectionCutMidRun_isReestablished_andSubscribersStillGetEveryEvent() throws Exception {
        String rollout = plannedRollout("cut", 12, OutcomeModel.alwaysSucceeds(Duration.ofMillis(300)),
                Map.of("waves", List.of("25%", "100%"), "maxConcurrency", "3"));
        int listenerBefore = listenerPid();

        try (GraphQLWs ws = GraphQLWs.connect(graphql())) {
            GraphQLWs.Subscription progress = ws.subscribe(PROGRESS, vars("id", rollout));
            await().atMost(Duration.ofSeconds(10)).until(() -> progress.next().size() == 1);
            Rollouts.control("startRollout", rollout);
            await().atMost(Duration.ofSeconds(30)).until(() -> progress.next().size() > 5);

            // When: PostgreSQL terminates the replica's LISTEN backend mid-run (notifications sent until it is back
            // are lost).
            // At least this replica's; the JVM's previous Quarkus app (another test profile) may still be closing its own.
            assertThat(terminateListener()).isGreaterThanOrEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> listenerPid() > 0 && listenerPid() != listenerBefore);

            // Then: the run still ends (reports woke the engine again), and the subscriber missed nothing.
            progress.awaitDone(Duration.ofSeconds(60));
            assertThat(progress.errors()).isEmpty();
            assertThat(Rollouts.get(rollout).getString("state")).isEqualTo("SUCCEEDED");
            assertThat(eventsOf(progress)).isEqualTo(keyed(Rollouts.events(rollout)));
        }
    }

    @Test
    void theDocsFollowerScript_underNodeWithTheGraphqlWsPackage_printsEveryEventAndExitsZero() throws Exception {
        String rollout = plannedRollout("node", 6, OutcomeModel.alwaysSucceeds(Duration.ofMillis(100)),
                Map.of("waves", List.of("1", "100%"), "maxConcurrency", "2"));
        Path dir = NodeClient.install();
        Path script = dir.resolve("follow-rollout.mjs");
        Files.writeString(script, NodeClient.scriptFromDocs("follow-rollout"));

        ProcessBuilder builder = new ProcessBuilder("node", script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(Map.of("SERVER", baseUrl.toString().replaceAll("/$", ""), "ROLLOUT", rollout));
        Process node = builder.start();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> new java.io.BufferedReader(
                new java.io.InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8)).lines()
                .forEach(lines::add));
        reader.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> !lines.isEmpty());
        Rollouts.control("startRollout", rollout);

        assertThat(node.waitFor(90, TimeUnit.SECONDS)).as("the script ended").isTrue();
        reader.join(5_000);
        assertThat(node.exitValue()).isZero();
        List<JsonObject> messages = lines.stream().map(JsonObject::new).toList();
        assertThat(messages.get(0).getJsonObject("snapshot").getJsonObject("rollout").getString("state"))
                .isEqualTo("PLANNED");
        List<Map<String, Object>> table = Rollouts.events(rollout);
        assertThat(messages.subList(1, messages.size()).stream()
                .flatMap(m -> m.getJsonArray("events").stream().map(JsonObject.class::cast))
                .map(e -> List.<Object>of(e.getInteger("seq"), e.getString("type"),
                        String.valueOf(e.getString("instanceId")), String.valueOf(e.getString("status"))))
                .toList()).isEqualTo(keyed(table));
    }

    // ------------------------------------------------------------------ helpers

    /** A PLANNED rollout of a new package's 1.0.0 to {@code hosts} new simulated hosts, with this strategy. */
    private String plannedRollout(String prefix, int hosts, OutcomeModel outcomes, Map<String, Object> strategy)
            throws Exception {
        String pkg = Catalog.createPackage(prefix);
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        startFleet(pkg, hosts, outcomes);
        return Rollouts.create(Rollouts.deployment(pkg, "1.0.0", tag(pkg), strategy));
    }

    private URI graphql() {
        return URI.create(baseUrl.toString()).resolve("/graphql");
    }

    private int listenerPid() {
        return pool.preparedQuery("select coalesce(max(pid), 0) as pid from pg_stat_activity "
                + "where application_name = $1 and datname = current_database()")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(Notifications.APPLICATION_NAME))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getInteger("pid");
    }

    private int terminateListener() {
        return pool.preparedQuery("select count(pg_terminate_backend(pid)) as n from pg_stat_activity "
                + "where application_name = $1 and datname = current_database()")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(Notifications.APPLICATION_NAME))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong("n").intValue();
    }

    private static JsonObject data(JsonObject payload) {
        return payload.getJsonObject("data").getJsonObject("rolloutProgress");
    }

    private static JsonObject snapshotOf(GraphQLWs.Subscription s) {
        JsonObject first = data(s.next().get(0));
        assertThat(first.getJsonArray("events")).isEmpty();
        return first.getJsonObject("snapshot");
    }

    private static List<JsonObject> eventJsons(GraphQLWs.Subscription s) {
        List<JsonObject> messages = s.next().stream().map(RolloutProgressSubscriptionTest::data).toList();
        assertThat(messages.subList(1, messages.size())).allSatisfy(m -> {
            assertThat(m.getJsonObject("snapshot")).isNull();
            assertThat(m.getJsonArray("events")).isNotEmpty();
            assertThat(m.getInteger("seq")).isEqualTo(m.getJsonArray("events")
                    .getJsonObject(m.getJsonArray("events").size() - 1).getInteger("seq"));
        });
        return messages.subList(1, messages.size()).stream()
                .flatMap(m -> m.getJsonArray("events").stream().map(JsonObject.class::cast)).toList();
    }

    /** Events as (seq, type, instanceId, status), the fields both the table query and the subscription have. */
    private static List<List<Object>> eventsOf(GraphQLWs.Subscription s) {
        return eventJsons(s).stream().map(e -> List.<Object>of(e.getInteger("seq"), e.getString("type"),
                String.valueOf(e.getString("instanceId")), String.valueOf(e.getString("status")))).toList();
    }

    private static List<List<Object>> keyed(List<Map<String, Object>> table) {
        return table.stream().map(e -> List.<Object>of(e.get("seq"), e.get("type"),
                String.valueOf(e.get("instanceId")), String.valueOf(e.get("status")))).toList();
    }

    private static List<String> codes(GraphQLWs.Subscription s) {
        return s.errors().stream().map(e -> e.getJsonObject("extensions").getString("code")).toList();
    }

    private static final Map<String, String> COUNT_FIELD = Map.of("PENDING", "pending", "QUEUED", "queued",
            "IN_PROGRESS", "inProgress", "SUCCESS", "success", "FAILED", "failed", "TIMED_OUT", "timedOut",
            "CANCELLED", "cancelled", "SKIPPED", "skipped");

    private static String key(String status) {
        return COUNT_FIELD.get(status);
    }

    private static Map<String, Integer> countsOf(JsonObject counts) {
        Map<String, Integer> byField = new HashMap<>();
        COUNT_FIELD.values().forEach(field -> byField.put(field, counts.getInteger(field)));
        return byField;
    }
}
