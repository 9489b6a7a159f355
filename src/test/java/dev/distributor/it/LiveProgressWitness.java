package dev.distributor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.vertx.core.json.JsonObject;

import dev.distributor.testing.GraphQLWs;

/**
 * Follows a rollout over the {@code rolloutProgress} subscription of one replica, as a console would: from a snapshot
 * taken before the start, every event after it; when the connection dies with the replica, {@link #resume} subscribes
 * again with the last seq seen as {@code afterSeq}. After the run it checks it saw every event of the journal exactly
 * once, in order, and completed by itself.
 */
final class LiveProgressWitness implements RolloutWitness {

    private static final String PROGRESS = """
            subscription($id: String!, $after: Int) {
              rolloutProgress(id: $id, afterSeq: $after) {
                seq
                snapshot { rollout { state eventSeq } }
                events { seq type instanceId status }
              }
            }
            """;

    private final Supplier<URI> replica;
    private final ServiceApi journal;
    private final List<JsonObject> events = new ArrayList<>();
    private final List<GraphQLWs> connections = new ArrayList<>();
    private String rolloutId;
    private GraphQLWs.Subscription current;
    private int resumed;

    /**
     * @param replica the base URL of the replica to subscribe on, asked again at each resume
     * @param journal where to read the event table after the run
     */
    LiveProgressWitness(Supplier<URI> replica, ServiceApi journal) {
        this.replica = replica;
        this.journal = journal;
    }

    @Override
    public synchronized void watch(String rolloutId) {
        this.rolloutId = rolloutId;
        subscribe(null);
    }

    /** After the replica died and came back: takes what the dead subscription delivered, then subscribes again. */
    synchronized void resume() {
        collect();
        resumed++;
        subscribe(events.isEmpty() ? 0 : events.get(events.size() - 1).getInteger("seq"));
    }

    @Override
    public synchronized void verify(String rolloutId, Set<String> instanceIds) {
        try {
            current.awaitDone(Duration.ofSeconds(60));
        } catch (Exception e) {
            throw new AssertionError("the subscription did not complete after the run ended", e);
        }
        assertThat(current.errors()).as("subscription errors").isEmpty();
        collect();
        List<Map<String, Object>> table = new EventJournalWitness(journal).events(rolloutId);
        assertThat(events.stream().map(e -> e.getInteger("seq")).toList())
                .as("event seqs received live (%d resumes)", resumed)
                .isEqualTo(table.stream().map(e -> ((Number) e.get("seq")).intValue()).toList());
        for (int i = 0; i < table.size(); i++) {
            assertThat(List.of(events.get(i).getString("type"), String.valueOf(events.get(i).getString("status"))))
                    .as("event %d", i + 1)
                    .isEqualTo(List.of(table.get(i).get("type"), String.valueOf(table.get(i).get("status"))));
        }
        Map<String, Integer> successes = new TreeMap<>();
        events.stream().filter(e -> "SUCCESS".equals(e.getString("status")) && e.getString("instanceId") != null)
                .forEach(e -> successes.merge(e.getString("instanceId"), 1, Integer::sum));
        assertThat(successes.keySet()).as("targets with a SUCCESS event received live").isEqualTo(instanceIds);
        assertThat(events.get(events.size() - 1).getString("type")).isEqualTo("ROLLOUT_SUCCEEDED");
    }

    @Override
    public synchronized void close() {
        connections.forEach(GraphQLWs::close);
    }

    private void subscribe(Integer afterSeq) {
        try {
            GraphQLWs ws = GraphQLWs.connect(replica.get().resolve("/graphql"));
            connections.add(ws);
            Map<String, Object> variables = new HashMap<>();
            variables.put("id", rolloutId);
            variables.put("after", afterSeq);
            current = ws.subscribe(PROGRESS, variables);
        } catch (Exception e) {
            throw new IllegalStateException("could not subscribe on " + replica.get(), e);
        }
    }

    /** Moves the current subscription's events (after its snapshot) to {@link #events}. */
    private void collect() {
        List<JsonObject> messages = current.next().stream()
                .map(p -> p.getJsonObject("data").getJsonObject("rolloutProgress")).toList();
        if (messages.isEmpty()) {
            return;
        }
        assertThat(messages.get(0).getJsonObject("snapshot")).as("first message is the snapshot").isNotNull();
        for (JsonObject event : messages.subList(1, messages.size()).stream()
                .flatMap(m -> m.getJsonArray("events").stream().map(JsonObject.class::cast)).toList()) {
            int expected = events.isEmpty() ? 1 : events.get(events.size() - 1).getInteger("seq") + 1;
            assertThat(event.getInteger("seq")).as("next event, without a gap or a repeat across resumes")
                    .isEqualTo(expected);
            events.add(event);
        }
    }
}
