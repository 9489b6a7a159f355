package dev.distributor.fleet.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distributor.fleet.domain.NewTargetEvent;

/** An inventory writes one INSTALLED_CHANGED per package whose version it changes, and nothing when it changes none. */
class InventoryChangesTest {

    @Test
    void addedRemovedAndChangedPackages_eachGiveOneEvent_byName_andUnchangedOnesNone() {
        var events = InventoryService.changes("mi-1", Map.of("base", "1.0", "old", "2.0", "web", "1.1"),
                Map.of("base", "1.0", "new", "0.1", "web", "1.2"));

        assertThat(events).extracting(NewTargetEvent::details).containsExactly(
                details("new", null, "0.1"), details("old", "2.0", null), details("web", "1.1", "1.2"));
        assertThat(InventoryService.changes("mi-1", Map.of("base", "1.0"), Map.of("base", "1.0"))).isEmpty();
    }

    private static Map<String, Object> details(String pkg, String from, String to) {
        var map = new java.util.LinkedHashMap<String, Object>();
        map.put("package", pkg);
        map.put("from", from);
        map.put("to", to);
        return map;
    }
}
