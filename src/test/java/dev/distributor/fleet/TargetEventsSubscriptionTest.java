package dev.distributor.fleet;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.distributor.common.time.ServiceClock;
import dev.distributor.fleet.live.TargetEventHub;
import dev.distributor.simulator.Backoff;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.simulator.SimulatedFleetTestBase;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.GraphQLWs;

/**
 * Following the fleet live over {@code graphql-transport-ws}: a snapshot marker, then every change of the fleet as it
 * commits (registered, tags, installed versions, offline and online, deregistered), in order, without a gap, each
 * once; a filter narrows it as the targets query would, and a subscriber resuming with afterSeq gets exactly the rest.
 * Every test shares the database, so each tags its hosts with a value of its own and compares only their events.
 */
@QuarkusTest
class TargetEventsSubscriptionTest extends SimulatedFleetTestBase {

    static final String EVENTS = """
            subscription($filter: TargetFilterInput, $after: Int) {
              targetEvents(filter: $filter, afterSeq: $after) {
                seq
                snapshot { eventSeq matchingTargets }
                events {
                  seq at type instanceId details
                  target { name platform account region online tags { key value } installed { packageName version } }
                }
              }
            }
            """;

    @Inject
    ServiceClock clock;

    @Inject
    TargetEventHub hub;

    @Inject
    Pool pool;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void subscribers_seeEveryChangeOfTheirTargets_inOrder_asTheEventTableHasIt_andResumeWhereTheyStopped()
            throws Exception {
        String mark = UUID.randomUUID().toString().substring(0, 8);
        String pkg = "fleetev-" + mark;
        Map<String, Object> mine = Map.of("tags", List.of("fleetev=" + mark));

        try (GraphQLWs ws = GraphQLWs.connect(graphql())) {
            // Given: one subscriber to the whole fleet, one to this test's hosts, one to the canary among them.
            GraphQLWs.Subscription all = ws.subscribe(EVENTS, vars());
            GraphQLWs.Subscription ours = ws.subscribe(EVENTS, vars("filter", mine));
            GraphQLWs.Subscription canary = ws.subscribe(EVENTS,
                    vars("filter", Map.of("tags", List.of("fleetev=" + mark, "ring=canary"))));
            // The snapshot comes first. The whole-fleet subscriber may get events right after it (hosts earlier tests
            // left behind going offline), so wait for at least the snapshot, not for exactly one message.
            for (GraphQLWs.Subscription s : List.of(all, ours, canary)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !s.next().isEmpty());
            }
            JsonObject snapshot = data(ours.next().get(0)).getJsonObject("snapshot");
            assertThat(snapshot.getInteger("matchingTargets")).isZero();
            int start = snapshot.getInteger("eventSeq");

            // When: three hosts register, ...
            var activation = service().activation(3, Map.of("fleetev", mark));
            fleet = simulator()
                    .activation(activation.id().toString(), activation.code())
                    .agents(3)
                    .hostnamePrefix(pkg + "-")
                    .installed(Map.of("base", "1.0"))
                    .pollWaitSeconds(5)
                    .outcomes(OutcomeModel.alwaysSucceeds(Duration.ofMillis(50)))
                    .backoff(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)))
                    .build();
            fleet.start().get(1, TimeUnit.MINUTES);
            List<String> hosts = fleet.agents().stream().map(SimulatedAgent::instanceId).toList();
            awaitEvents(ours, 3, e -> true);
            // ... a late subscriber resumes after the registrations ...
            int afterRegistrations = events(ours).get(2).getInteger("seq");
            GraphQLWs.Subscription resumed = ws.subscribe(EVENTS, vars("filter", mine, "after", afterRegistrations));
            await().atMost(Duration.ofSeconds(10)).until(() -> resumed.next().size() == 1);
            assertThat(data(resumed.next().get(0)).getJsonObject("snapshot").getInteger("matchingTargets"))
                    .isEqualTo(3);

            // ... the first is tagged canary, the second installs a package, ...
            GraphQL.ok(
                    """
                            mutation($ids: [String!]!) { tagTargets(instanceIds: $ids, tags: [{key: "ring", value: "canary"}]) { instanceId } }
                            """,
                    vars("ids", List.of(hosts.get(0))));
            UUID install = service().queueInstall(hosts.get(1), pkg, "2.0");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> service().command(install).currentState().name().equals("SUCCESS"));
            awaitEvents(ours, 1, e -> e.getString("type").equals("INSTALLED_CHANGED"));

            // ... the clock moves past the online cutoff (every host is offline), then back (they kept polling), ...
            clock.advance(Duration.ofMinutes(5));
            awaitEvents(ours, 3, e -> e.getString("type").equals("TARGET_OFFLINE"));
            clock.reset();
            awaitEvents(ours, 3, e -> e.getString("type").equals("TARGET_ONLINE"));

            // ... and the third is deregistered.
            GraphQL.ok("mutation($id: String!) { deregisterTarget(instanceId: $id) }", vars("id", hosts.get(2)));
            awaitEvents(ours, 1, e -> e.getString("type").equals("TARGET_DEREGISTERED"));

            // Then: this test's subscriber got exactly the table's events of its hosts after its snapshot, in order.
            List<JsonObject> table = table(start);
            List<List<Object>> ourTable = keyed(table.stream().filter(e -> hosts.contains(e.getString("instanceId")))
                    .toList());
            assertThat(keyed(events(ours))).isEqualTo(ourTable);
            assertThat(types(events(ours))).containsExactly(
                    "TARGET_REGISTERED", "TARGET_REGISTERED", "TARGET_REGISTERED", "TAGS_CHANGED",
                    "INSTALLED_CHANGED", "TARGET_OFFLINE", "TARGET_OFFLINE", "TARGET_OFFLINE",
                    "TARGET_ONLINE", "TARGET_ONLINE", "TARGET_ONLINE", "TARGET_DEREGISTERED");

            // And: each event carries the target as it was right after the change, and its details.
            JsonObject registered = events(ours).get(0);
            assertThat(registered.getJsonObject("target").getBoolean("online")).isTrue();
            assertThat(registered.getJsonObject("target").getJsonArray("installed").getJsonObject(0).getMap())
                    .isEqualTo(Map.of("packageName", "base", "version", "1.0"));
            JsonObject installed = only(events(ours), "INSTALLED_CHANGED");
            assertThat(installed.getString("instanceId")).isEqualTo(hosts.get(1));
            assertThat(new JsonObject(installed.getString("details")).getMap())
                    .containsEntry("package", pkg).containsEntry("from", null).containsEntry("to", "2.0");
            assertThat(installed.getJsonObject("target").getJsonArray("installed").stream()
                    .map(p -> ((JsonObject) p).getString("packageName"))).contains(pkg, "base");
            JsonObject tagged = only(events(ours), "TAGS_CHANGED");
            assertThat(tagged.getJsonObject("target").getJsonArray("tags"))
                    .contains(new JsonObject(Map.of("key", "ring", "value", "canary")));
            assertThat(new JsonObject(tagged.getString("details")).getJsonObject("previousTags").getMap())
                    .isEqualTo(Map.of("fleetev", mark));
            assertThat(events(ours).stream().filter(e -> e.getString("type").equals("TARGET_OFFLINE")))
                    .allSatisfy(e -> assertThat(e.getJsonObject("target").getBoolean("online")).isFalse());

            // And: the canary subscriber saw only the canary, from the moment it was tagged.
            assertThat(events(canary)).extracting(e -> e.getString("instanceId")).containsOnly(hosts.get(0));
            assertThat(types(events(canary))).containsExactly("TAGS_CHANGED", "TARGET_OFFLINE", "TARGET_ONLINE");

            // And: the resumed subscriber got exactly the rest; the whole-fleet one every seq without a gap.
            await().atMost(Duration.ofSeconds(10)).until(() -> events(resumed).size() == 9);
            assertThat(keyed(events(resumed))).isEqualTo(keyed(events(ours)).subList(3, 12));
            int last = events(ours).get(11).getInteger("seq");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !events(all).isEmpty() && events(all).get(events(all).size() - 1)
                            .getInteger("seq") >= last);
            List<JsonObject> everything = events(all);
            int allStart = data(all.next().get(0)).getInteger("seq");
            List<JsonObject> tableNow = table(allStart);
            assertThat(keyed(everything)).isEqualTo(keyed(tableNow.subList(0, everything.size())));
            assertThat(everything).extracting(e -> e.getInteger("seq")).containsExactlyElementsOf(
                    IntStream.rangeClosed(allStart + 1, allStart + everything.size()).boxed().toList());
            // Messages carry batches: their seqs (each its last event's) rise from the snapshot's.
            assertThat(all.next()).extracting(m -> data(m).getInteger("seq")).startsWith(allStart)
                    .isSorted().doesNotHaveDuplicates();

            // And: no subscription ended by itself.
            assertThat(List.of(all, ours, canary, resumed)).noneMatch(GraphQLWs.Subscription::isDone);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> hub.subscribers() == 0);
    }

    @Test
    void badRequests_areRefusedWithTheirCodes() throws Exception {
        try (GraphQLWs ws = GraphQLWs.connect(graphql())) {
            int newest = data(awaitFirst(ws)).getInteger("seq");
            assertThat(codes(ws.subscribe(EVENTS, vars("after", -1)).awaitDone(Duration.ofSeconds(10))))
                    .containsExactly("INVALID_INPUT");
            assertThat(codes(ws.subscribe(EVENTS, vars("after", newest + 1_000_000)).awaitDone(Duration.ofSeconds(10))))
                    .containsExactly("INVALID_INPUT");
            assertThat(codes(ws.subscribe(EVENTS, vars("filter", Map.of("hasPackageVersion", "1.0")))
                    .awaitDone(Duration.ofSeconds(10)))).containsExactly("INVALID_INPUT");
            assertThat(codes(ws.subscribe(EVENTS, vars("filter", Map.of("tags", List.of("bad key"))))
                    .awaitDone(Duration.ofSeconds(10)))).containsExactly("INVALID_INPUT");
        }
    }

    // ------------------------------------------------------------------ helpers

    private JsonObject awaitFirst(GraphQLWs ws) {
        GraphQLWs.Subscription s = ws.subscribe(EVENTS, vars());
        await().atMost(Duration.ofSeconds(10)).until(() -> !s.next().isEmpty());
        return s.next().get(0);
    }

    private URI graphql() {
        return URI.create(baseUrl.toString()).resolve("/graphql");
    }

    /** The target_event rows after {@code afterSeq}, oldest first, as (seq, type, instanceId). */
    private List<JsonObject> table(int afterSeq) {
        List<JsonObject> rows = new ArrayList<>();
        pool.preparedQuery("select seq, type, instance_id from target_event where seq > $1 order by seq")
                .execute(Tuple.of((long) afterSeq)).await().atMost(Duration.ofSeconds(10))
                .forEach(row -> rows.add(new JsonObject().put("seq", row.getLong("seq").intValue())
                        .put("type", row.getString("type")).put("instanceId", row.getString("instance_id"))));
        return rows;
    }

    private static void awaitEvents(GraphQLWs.Subscription s, int count, Predicate<JsonObject> which) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> events(s).stream().filter(which).count() >= count);
    }

    private static JsonObject data(JsonObject payload) {
        return payload.getJsonObject("data").getJsonObject("targetEvents");
    }

    private static List<JsonObject> events(GraphQLWs.Subscription s) {
        List<JsonObject> messages = s.next().stream().map(TargetEventsSubscriptionTest::data).toList();
        assertThat(messages.get(0).getJsonArray("events")).isEmpty();
        return messages.subList(1, messages.size()).stream().flatMap(m -> {
            assertThat(m.getJsonObject("snapshot")).isNull();
            JsonArray batch = m.getJsonArray("events");
            assertThat(batch).isNotEmpty();
            assertThat(m.getInteger("seq")).isEqualTo(batch.getJsonObject(batch.size() - 1).getInteger("seq"));
            return batch.stream().map(JsonObject.class::cast);
        }).toList();
    }

    private static List<List<Object>> keyed(List<JsonObject> events) {
        return events.stream().map(e -> List.<Object>of(e.getInteger("seq"), e.getString("type"),
                e.getString("instanceId"))).toList();
    }

    private static List<String> types(List<JsonObject> events) {
        return events.stream().map(e -> e.getString("type")).toList();
    }

    private static JsonObject only(List<JsonObject> events, String type) {
        List<JsonObject> found = events.stream().filter(e -> e.getString("type").equals(type)).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static List<String> codes(GraphQLWs.Subscription s) {
        List<JsonObject> errors = s.errors().isEmpty()
                ? s.next().stream().flatMap(p -> p.getJsonArray("errors", new JsonArray())
                        .stream().map(JsonObject.class::cast)).toList()
                : s.errors();
        return errors.stream().map(e -> e.getJsonObject("extensions").getString("code")).toList();
    }
}
