package dev.distributor.fleet.domain;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One committed change of the fleet, numbered across the whole fleet ({@code seq} 1, 2, 3, ... without a gap).
 *
 * @param target the target's attributes right after the change
 * @param details per type (see {@link TargetEventType})
 */
public record TargetEvent(long seq, OffsetDateTime at, TargetEventType type, String instanceId, TargetFacts target,
        Map<String, Object> details) {

    /**
     * The target's attributes right before the change, rebuilt from the event: empty for a registration (it did not
     * exist), the same as after for a deregistration.
     */
    public Optional<TargetFacts> before() {
        return switch (type) {
            case TARGET_REGISTERED -> Optional.empty();
            case TARGET_DEREGISTERED -> Optional.of(target);
            case TARGET_ONLINE -> Optional.of(target.withOnline(false));
            case TARGET_OFFLINE -> Optional.of(target.withOnline(true));
            case TAGS_CHANGED -> Optional.of(target.withTags(stringMap(details.get("previousTags"))));
            case INSTALLED_CHANGED -> {
                Map<String, String> installed = new HashMap<>(target.installed());
                Object pkg = details.get("package");
                Object from = details.get("from");
                if (pkg != null) {
                    if (from == null) {
                        installed.remove(pkg.toString());
                    } else {
                        installed.put(pkg.toString(), from.toString());
                    }
                }
                TargetFacts before = target.withInstalled(installed);
                if (pkg != null && details.containsKey("fromState")) {
                    Set<String> broken = new HashSet<>(target.broken());
                    if ("BROKEN".equals(details.get("fromState"))) {
                        broken.add(pkg.toString());
                    } else {
                        broken.remove(pkg.toString());
                    }
                    before = before.withBroken(broken);
                }
                yield Optional.of(before);
            }
        };
    }

    private static Map<String, String> stringMap(Object value) {
        Map<String, String> map = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> map.put(String.valueOf(k), String.valueOf(v)));
        }
        return map;
    }
}
