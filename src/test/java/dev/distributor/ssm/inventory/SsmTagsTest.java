package dev.distributor.ssm.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** New tags = (current tags minus the keys the last sync put there) plus SSM's tags now. */
class SsmTagsTest {

    @Test
    void givenOperatorAndSsmTags_whenSsmDropsAKey_thenItLeavesAndTheOperatorsStay() {
        Map<String, String> current = Map.of("env", "prod", "owner", "ops", "team", "web");
        Map<String, String> synced = Map.of("env", "prod", "team", "web");
        Map<String, String> fromSsm = Map.of("env", "prod");

        assertThat(SsmTags.merge(current, synced, fromSsm)).containsExactlyInAnyOrderEntriesOf(
                Map.of("owner", "ops", "env", "prod"));
    }

    @Test
    void givenASsmKeyChangedInSsm_thenTheTargetTakesTheNewValue() {
        assertThat(SsmTags.merge(Map.of("env", "test"), Map.of("env", "test"), Map.of("env", "prod")))
                .containsExactlyEntriesOf(Map.of("env", "prod"));
    }

    @Test
    void givenAnOperatorTagWithAKeySsmAlsoHas_thenSsmsValueWins() {
        assertThat(SsmTags.merge(Map.of("env", "mine"), Map.of(), Map.of("env", "ssm")))
                .containsExactlyEntriesOf(Map.of("env", "ssm"));
    }

    @Test
    void givenTheFirstSync_thenSsmTagsAreAddedToWhatIsThere() {
        assertThat(SsmTags.merge(Map.of(), Map.of(), Map.of("a", "1", "b", "2")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
    }

    @Test
    void givenAnOperatorRemovedASsmTag_thenTheNextSyncPutsItBack() {
        assertThat(SsmTags.merge(Map.of(), Map.of("env", "prod"), Map.of("env", "prod")))
                .containsExactlyEntriesOf(Map.of("env", "prod"));
    }

    @Test
    void keepsOnlyTagsTheFleetCanHold() {
        Map<String, String> fromSsm = new LinkedHashMap<>();
        fromSsm.put("Name", "web-1");
        fromSsm.put("aws:cloudformation:stack-name", "stack");
        fromSsm.put("has space", "x");
        fromSsm.put("multi", "line\nvalue");
        fromSsm.put("long", "v".repeat(257));

        assertThat(SsmTags.usable(fromSsm)).containsOnlyKeys("Name", "aws:cloudformation:stack-name");
    }
}
