package dev.distributor.ssm.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distributor.fleet.domain.NewTargetEvent;
import dev.distributor.fleet.domain.TargetEventType;
import dev.distributor.ssm.inventory.InventoryPlan.Change;
import dev.distributor.ssm.inventory.InventoryPlan.Settings;
import dev.distributor.ssm.inventory.InventoryPlan.TargetWrite;

/** What one sync writes, from SSM's listing and the database's rows (docs/SSM.md, "Inventory"). */
class InventoryPlanTest {

    private static final Settings SETTINGS = new Settings("123456789012", "eu-west-1", "x86_64");
    private static final OffsetDateTime PING = OffsetDateTime.parse("2026-12-01T10:00:00Z");

    private static ObservedInstance listed(String id, Map<String, String> tags) {
        return new ObservedInstance(id, "Online", PING, "Linux", "Ubuntu", "22.04", "ManagedInstance", "host-" + id,
                "10.0.0.7", "3.3.987.0", null, tags);
    }

    private static InventoryState ssmTarget(String id, Map<String, String> tags, Map<String, String> synced) {
        return new InventoryState(id, "SSM", tags, "x86_64", false, true, synced, false);
    }

    private static Map<String, InventoryState> current(InventoryState... states) {
        Map<String, InventoryState> map = new LinkedHashMap<>();
        for (InventoryState state : states) {
            map.put(state.instanceId(), state);
        }
        return map;
    }

    private static TargetWrite only(InventoryPlan plan) {
        assertThat(plan.targets()).hasSize(1);
        return plan.targets().get(0);
    }

    @Test
    void givenANewInstance_thenItBecomesAnSsmTargetWithItsFactsAndTags_andIsJournaledAsRegistered() {
        InventoryPlan plan = InventoryPlan.decide(
                List.of(listed("mi-0aaaaaaaaaaaaaaa1", Map.of("env", "prod", "distributor:arch", "aarch64"))),
                Map.of(), SETTINGS);

        TargetWrite target = only(plan);
        assertThat(target.change()).isEqualTo(Change.REGISTERED);
        assertThat(target.name()).isEqualTo("host-mi-0aaaaaaaaaaaaaaa1");
        assertThat(target.platform()).isEqualTo("ubuntu");
        assertThat(target.platformVersion()).isEqualTo("22.04");
        assertThat(target.arch()).isEqualTo("arm64");
        assertThat(target.account()).isEqualTo("123456789012");
        assertThat(target.region()).isEqualTo("eu-west-1");
        assertThat(target.agentVersion()).isEqualTo("3.3.987.0");
        assertThat(target.online()).isTrue();
        assertThat(target.tags()).containsExactlyInAnyOrderEntriesOf(
                Map.of("env", "prod", "distributor:arch", "aarch64"));
        assertThat(plan.instances()).singleElement()
                .satisfies(i -> assertThat(i.syncedTags()).containsKeys("env", "distributor:arch"));
        assertThat(plan.events()).containsExactly(
                NewTargetEvent.of("mi-0aaaaaaaaaaaaaaa1", TargetEventType.TARGET_REGISTERED));
    }

    @Test
    void aHybridNameWinsOverTheComputerName_andAnInstanceWithNeitherIsNamedByItsId() {
        ObservedInstance named = new ObservedInstance("mi-0aaaaaaaaaaaaaaa1", "Online", PING, "Linux", "Ubuntu",
                "22.04", "ManagedInstance", "ip-10-0-0-7", null, null, "web-1", Map.of());
        ObservedInstance bare = new ObservedInstance("i-0bbbbbbbbbbbbbbb2", "Online", PING, "Linux", "Ubuntu",
                "22.04", "EC2Instance", null, null, null, null, null);

        assertThat(InventoryPlan.name(named)).isEqualTo("web-1");
        assertThat(InventoryPlan.name(bare)).isEqualTo("i-0bbbbbbbbbbbbbbb2");
    }

    @Test
    void givenOperatorTags_whenSsmDropsOneOfItsTags_thenOnlyThatOneLeaves_andTagsChangedIsJournaled() {
        String id = "mi-0aaaaaaaaaaaaaaa1";
        InventoryState before = ssmTarget(id, Map.of("owner", "ops", "env", "prod", "team", "web"),
                Map.of("env", "prod", "team", "web"));

        InventoryPlan plan = InventoryPlan.decide(List.of(listed(id, Map.of("env", "prod"))), current(before),
                SETTINGS);

        assertThat(only(plan).change()).isEqualTo(Change.UPDATED);
        assertThat(only(plan).tags()).containsExactlyInAnyOrderEntriesOf(Map.of("owner", "ops", "env", "prod"));
        assertThat(plan.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(TargetEventType.TAGS_CHANGED);
            assertThat(e.details()).containsEntry("previousTags", before.tags());
        });
    }

    @Test
    void givenNothingChanged_thenTheTargetIsRefreshedWithoutAnEvent() {
        String id = "mi-0aaaaaaaaaaaaaaa1";
        InventoryPlan plan = InventoryPlan.decide(List.of(listed(id, Map.of("env", "prod"))),
                current(ssmTarget(id, Map.of("env", "prod"), Map.of("env", "prod"))), SETTINGS);

        assertThat(only(plan).change()).isEqualTo(Change.UPDATED);
        assertThat(plan.events()).isEmpty();
    }

    @Test
    void givenTagsThatWereNotRead_thenTheTargetKeepsItsTagsAndArch() {
        String id = "i-0bbbbbbbbbbbbbbb2";
        InventoryState before = new InventoryState(id, "SSM", Map.of("owner", "ops"), "arm64", false, true,
                Map.of(), false);

        InventoryPlan plan = InventoryPlan.decide(List.of(listed(id, null)), current(before), SETTINGS);

        assertThat(only(plan).tags()).containsExactlyEntriesOf(Map.of("owner", "ops"));
        assertThat(only(plan).arch()).isEqualTo("arm64");
        assertThat(plan.instances().get(0).syncedTags()).isEmpty();
    }

    @Test
    void givenAKnownInstanceSsmNoLongerLists_thenItIsMarkedGoneAndItsTargetDeregistered() {
        String stays = "mi-0aaaaaaaaaaaaaaa1";
        String leaves = "mi-0ccccccccccccccc3";

        InventoryPlan plan = InventoryPlan.decide(List.of(listed(stays, Map.of())),
                current(ssmTarget(stays, Map.of(), Map.of()), ssmTarget(leaves, Map.of(), Map.of())), SETTINGS);

        assertThat(plan.gone()).containsExactly(leaves);
        assertThat(plan.deregistered()).containsExactly(leaves);
        assertThat(plan.events()).containsExactly(
                NewTargetEvent.of(leaves, TargetEventType.TARGET_DEREGISTERED));
    }

    @Test
    void givenAGoneInstanceListedAgain_thenItReturns() {
        String id = "mi-0aaaaaaaaaaaaaaa1";
        InventoryState gone = new InventoryState(id, "SSM", Map.of("owner", "ops"), "x86_64", true, true,
                Map.of(), true);

        InventoryPlan plan = InventoryPlan.decide(List.of(listed(id, Map.of())), current(gone), SETTINGS);

        assertThat(only(plan).change()).isEqualTo(Change.RETURNED);
        assertThat(only(plan).tags()).containsExactlyEntriesOf(Map.of("owner", "ops"));
        assertThat(plan.gone()).isEmpty();
        assertThat(plan.events()).containsExactly(NewTargetEvent.of(id, TargetEventType.TARGET_REGISTERED));
    }

    @Test
    void givenAnSsmTargetAnOperatorDeregistered_thenOnlyItsSsmRowIsRefreshed() {
        String id = "mi-0aaaaaaaaaaaaaaa1";
        InventoryState removedByOperator = new InventoryState(id, "SSM", Map.of(), "x86_64", true, true, Map.of(),
                false);

        InventoryPlan plan = InventoryPlan.decide(List.of(listed(id, Map.of())), current(removedByOperator),
                SETTINGS);

        assertThat(plan.targets()).isEmpty();
        assertThat(plan.instances()).hasSize(1);
        assertThat(plan.events()).isEmpty();
    }

    @Test
    void givenAnSsmTargetAnOperatorDeregistered_whenSsmStopsListingIt_thenItIsNotMarkedGone_soItNeverReturnsByItself() {
        String id = "mi-0aaaaaaaaaaaaaaa1";
        InventoryState removedByOperator = new InventoryState(id, "SSM", Map.of(), "x86_64", true, true, Map.of(),
                false);

        InventoryPlan plan = InventoryPlan.decide(List.of(), current(removedByOperator), SETTINGS);

        assertThat(plan.gone()).isEmpty();
        assertThat(plan.deregistered()).isEmpty();
        assertThat(plan.events()).isEmpty();
    }

    @Test
    void givenAnAgentTargetWithTheSameId_thenNothingOfItIsWritten() {
        String id = "mi-0aaaaaaaaaaaaaaa1";
        InventoryState agent = new InventoryState(id, "AGENT", Map.of("role", "db"), "x86_64", false, false,
                Map.of(), false);

        InventoryPlan plan = InventoryPlan.decide(List.of(listed(id, Map.of("role", "web"))), current(agent),
                SETTINGS);

        assertThat(plan.targets()).isEmpty();
        assertThat(plan.instances()).isEmpty();
        assertThat(plan.gone()).isEmpty();
        assertThat(plan.events()).isEmpty();
        assertThat(plan.skippedAgentTargets()).containsExactly(id);
    }

    @Test
    void anInstanceListedOnTwoPagesIsWrittenOnce() {
        String id = "mi-0aaaaaaaaaaaaaaa1";
        InventoryPlan plan = InventoryPlan.decide(List.of(listed(id, Map.of()), listed(id, Map.of())), Map.of(),
                SETTINGS);

        assertThat(plan.targets()).hasSize(1);
        assertThat(plan.instances()).hasSize(1);
    }
}
