package dev.distributor.fleet.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/** A fleet event to write in the current transaction; its number and the target's attributes are added then. */
public record NewTargetEvent(String instanceId, TargetEventType type, Map<String, Object> details) {

    public static NewTargetEvent of(String instanceId, TargetEventType type) {
        return new NewTargetEvent(instanceId, type, Map.of());
    }

    /** One package's installed version changed on the target; {@code from} or {@code to} null for absent. */
    public static NewTargetEvent installedChanged(String instanceId, String packageName, String from, String to) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("package", packageName);
        details.put("from", from);
        details.put("to", to);
        return new NewTargetEvent(instanceId, TargetEventType.INSTALLED_CHANGED, details);
    }

    /**
     * One package's installed version or state changed on the target; {@code from} or {@code to} null for absent, and
     * the states ({@code fromState}, {@code toState}: INSTALLED or BROKEN) recorded when either is known.
     */
    public static NewTargetEvent installedChanged(String instanceId, String packageName, String from, String to,
            InstalledPackageState fromState, InstalledPackageState toState) {
        NewTargetEvent event = installedChanged(instanceId, packageName, from, to);
        if (fromState == null && toState == null) {
            return event;
        }
        Map<String, Object> details = new LinkedHashMap<>(event.details());
        details.put("fromState", fromState == null ? null : fromState.name());
        details.put("toState", toState == null ? null : toState.name());
        return new NewTargetEvent(instanceId, TargetEventType.INSTALLED_CHANGED, details);
    }

    public static NewTargetEvent tagsChanged(String instanceId, Map<String, String> previous,
            Map<String, String> tags) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tags", new LinkedHashMap<>(tags));
        details.put("previousTags", new LinkedHashMap<>(previous));
        return new NewTargetEvent(instanceId, TargetEventType.TAGS_CHANGED, details);
    }
}
