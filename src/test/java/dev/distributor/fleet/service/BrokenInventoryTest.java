package dev.distributor.fleet.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.fleet.domain.NewTargetEvent;

/**
 * An inventory's {@code BROKEN=<package>} fields (docs/AGENT-PROTOCOL.md) name packages its INSTALLED fields list; a
 * package that breaks or is repaired is an INSTALLED_CHANGED event carrying both states, even at the same version.
 */
class BrokenInventoryTest {

    private static final Map<String, String> INSTALLED = Map.of("app", "1.0.0", "base", "2.0");

    @Test
    void brokenNamesInstalledPackages_andNoneIsNoBrokenPackage() {
        assertThat(AgentFacts.broken(List.of("app"), INSTALLED)).containsExactly("app");
        assertThat(AgentFacts.broken(null, INSTALLED)).isEmpty();
        assertThat(AgentFacts.broken(List.of(), INSTALLED)).isEmpty();
    }

    @Test
    void brokenIsRefused_whenMalformed_notInstalled_orRepeated() {
        assertRefused(List.of("app=1.0.0"), "must name a package");
        assertRefused(List.of("other"), "which INSTALLED does not list");
        assertRefused(List.of("app", "app"), "twice");
    }

    @Test
    void breakingAndRepairing_atTheSameVersion_areEvents_withBothStates() {
        List<NewTargetEvent> broke = InventoryService.changes("mi-1", INSTALLED, Set.of(), INSTALLED, Set.of("app"));
        assertThat(broke).extracting(NewTargetEvent::details)
                .containsExactly(details("app", "1.0.0", "1.0.0", "INSTALLED", "BROKEN"));

        List<NewTargetEvent> repaired = InventoryService.changes("mi-1", INSTALLED, Set.of("app"), INSTALLED,
                Set.of());
        assertThat(repaired).extracting(NewTargetEvent::details)
                .containsExactly(details("app", "1.0.0", "1.0.0", "BROKEN", "INSTALLED"));

        assertThat(InventoryService.changes("mi-1", INSTALLED, Set.of("app"), INSTALLED, Set.of("app"))).isEmpty();
    }

    private static void assertRefused(List<String> broken, String message) {
        assertThatThrownBy(() -> AgentFacts.broken(broken, INSTALLED))
                .isInstanceOfSatisfying(DistributorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FACTS);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    private static Map<String, Object> details(String pkg, String from, String to, String fromState,
            String toState) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("package", pkg);
        map.put("from", from);
        map.put("to", to);
        map.put("fromState", fromState);
        map.put("toState", toState);
        return map;
    }
}
