package dev.distributor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a rollout's event journal ({@code rollout(id) { events(afterSeq) }}) through one replica after the run: what
 * the other replica's engine committed must be visible there in full, in sequence, each target's SUCCESS once.
 */
final class EventJournalWitness implements RolloutWitness {

    private final ServiceApi replica;

    EventJournalWitness(ServiceApi replica) {
        this.replica = replica;
    }

    @Override
    public void watch(String rolloutId) {
        // The journal is durable: nothing to do before the run.
    }

    @Override
    public void verify(String rolloutId, Set<String> instanceIds) {
        List<Map<String, Object>> events = events(rolloutId);
        for (int i = 0; i < events.size(); i++) {
            assertThat(((Number) events.get(i).get("seq")).intValue()).as("event sequence without gaps")
                    .isEqualTo(i + 1);
        }
        Map<String, Integer> successes = new TreeMap<>();
        for (Map<String, Object> event : events) {
            if ("INVOCATION".equals(event.get("type")) && "SUCCESS".equals(event.get("status"))) {
                successes.merge((String) event.get("instanceId"), 1, Integer::sum);
            }
        }
        assertThat(successes.keySet()).as("targets with a SUCCESS event").isEqualTo(instanceIds);
        assertThat(successes.values()).as("SUCCESS events per target").allMatch(count -> count == 1);
        assertThat(events.get(events.size() - 1).get("type")).as("last event").isEqualTo("ROLLOUT_SUCCEEDED");
    }

    List<Map<String, Object>> events(String rolloutId) {
        List<Map<String, Object>> all = new ArrayList<>();
        int after = 0;
        while (true) {
            List<Map<String, Object>> page = replica.graphql("""
                    query($id: String!, $after: Int!) {
                      rollout(id: $id) { events(afterSeq: $after, first: 1000) { seq type instanceId status } }
                    }
                    """, Map.of("id", rolloutId, "after", after)).getList("rollout.events");
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = ((Number) page.get(page.size() - 1).get("seq")).intValue();
        }
    }
}
