package dev.distributor.ssm.inventory;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.distributor.common.error.Texts;
import dev.distributor.fleet.domain.NewTargetEvent;
import dev.distributor.fleet.domain.TargetEventType;

/**
 * What one sync writes, decided from what SSM listed and what the database holds, without touching either (pure; the
 * sync reads, then {@link #decide}s, then writes the plan in one short transaction).
 *
 * <p>
 * Rules (docs/SSM.md, "Inventory"):
 * <ul>
 * <li>A listed instance with no target becomes an SSM target ({@link Change#REGISTERED}, fleet event
 * TARGET_REGISTERED).</li>
 * <li>A listed instance whose SSM target the sync had deregistered as gone comes back: deregistration and gone mark
 * cleared ({@link Change#RETURNED}, TARGET_REGISTERED).</li>
 * <li>A listed instance with a live SSM target has its facts and tags refreshed ({@link Change#UPDATED}; TAGS_CHANGED
 * when its tags changed).</li>
 * <li>An SSM target an operator deregistered stays so: only its {@code ssm_instance} row is refreshed, and it is
 * never marked gone (so it does not come back when SSM lists it again after a gap).</li>
 * <li>An AGENT target with the instance's id is never touched: {@link #skippedAgentTargets()}.</li>
 * <li>A known, present instance SSM no longer lists is marked gone, and its live SSM target deregistered
 * (TARGET_DEREGISTERED); never deleted.</li>
 * </ul>
 *
 * @param targets target rows to insert or update, by instance id
 * @param instances {@code ssm_instance} rows to upsert (present, gone mark cleared), by instance id
 * @param gone instance ids to mark gone
 * @param deregistered the targets the sync deregisters (those of {@code gone})
 * @param skippedAgentTargets listed ids that belong to AGENT targets
 * @param events fleet events, in instance id order
 */
public record InventoryPlan(List<TargetWrite> targets, List<InstanceWrite> instances, List<String> gone,
        List<String> deregistered, List<String> skippedAgentTargets, List<NewTargetEvent> events) {

    /** What happens to a listed instance's target. */
    public enum Change {
        REGISTERED, RETURNED, UPDATED
    }

    /** Where synced targets belong (SsmConfig) and the arch of an instance with no {@code distributor:arch} tag. */
    public record Settings(String account, String region, String defaultArch) {
    }

    /**
     * A target row as the sync writes it. {@code online}: SSM listed it Online, so it was seen at this sync (its
     * {@code last_seen} becomes the write's time; an instance not Online keeps the last_seen it had, or for a new one
     * its last ping).
     */
    public record TargetWrite(String instanceId, Change change, String name, String platform, String platformVersion,
            String arch, String account, String region, Map<String, String> tags, String agentVersion, boolean online,
            OffsetDateTime lastPingAt) {
    }

    /** An {@code ssm_instance} row; {@code syncedTags} are the SSM tags now on the target. */
    public record InstanceWrite(ObservedInstance observed, Map<String, String> syncedTags) {
    }

    /** The largest host name the fleet keeps (fleet.service.AgentFacts). */
    private static final int MAX_NAME = 253;
    private static final int MAX_AGENT_VERSION = 64;

    public static InventoryPlan decide(List<ObservedInstance> listed, Map<String, InventoryState> current,
            Settings settings) {
        Map<String, ObservedInstance> byId = new LinkedHashMap<>();
        listed.stream()
                .sorted(Comparator.comparing(ObservedInstance::instanceId))
                .forEach(instance -> byId.put(instance.instanceId(), instance));

        List<TargetWrite> targets = new ArrayList<>();
        List<InstanceWrite> instances = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<String, NewTargetEvent> events = new LinkedHashMap<>();
        for (ObservedInstance instance : byId.values()) {
            InventoryState state = current.get(instance.instanceId());
            if (state != null && state.agentTarget()) {
                skipped.add(instance.instanceId());
                continue;
            }
            Map<String, String> previouslySynced = state == null ? Map.of() : state.syncedTags();
            Map<String, String> syncedTags = instance.tagsKnown() ? SsmTags.usable(instance.tags()) : previouslySynced;
            instances.add(new InstanceWrite(instance, syncedTags));

            Change change = change(state);
            if (change == null) {
                continue;
            }
            Map<String, String> currentTags = state == null ? Map.of() : state.tags();
            Map<String, String> tags = SsmTags.merge(currentTags, previouslySynced, syncedTags);
            String archTag = syncedTags.get(SsmTags.ARCH_TAG);
            String arch = archTag == null && !instance.tagsKnown() && state != null
                    ? state.arch()
                    : SsmPlatforms.arch(archTag, settings.defaultArch());
            targets.add(new TargetWrite(instance.instanceId(), change, name(instance),
                    SsmPlatforms.platform(instance.platformType(), instance.platformName()),
                    SsmPlatforms.platformVersion(instance.platformVersion()), arch, settings.account(),
                    settings.region(), tags, agentVersion(instance.agentVersion()), instance.online(),
                    instance.lastPingAt()));
            if (change != Change.UPDATED) {
                events.put(instance.instanceId(),
                        NewTargetEvent.of(instance.instanceId(), TargetEventType.TARGET_REGISTERED));
            } else if (!tags.equals(currentTags)) {
                events.put(instance.instanceId(), NewTargetEvent.tagsChanged(instance.instanceId(), currentTags, tags));
            }
        }

        Set<String> gone = new TreeSet<>();
        Set<String> deregistered = new TreeSet<>();
        current.values().stream()
                .filter(state -> state.known() && !state.gone() && !state.agentTarget())
                // An operator's deregistration is not marked gone: "gone" is what brings a target back.
                .filter(state -> !state.deregistered())
                .filter(state -> !byId.containsKey(state.instanceId()))
                .forEach(state -> {
                    gone.add(state.instanceId());
                    deregistered.add(state.instanceId());
                    events.put(state.instanceId(),
                            NewTargetEvent.of(state.instanceId(), TargetEventType.TARGET_DEREGISTERED));
                });

        List<NewTargetEvent> ordered = events.values().stream()
                .sorted(Comparator.comparing(NewTargetEvent::instanceId))
                .toList();
        return new InventoryPlan(List.copyOf(targets), List.copyOf(instances), List.copyOf(gone),
                List.copyOf(deregistered), List.copyOf(skipped), ordered);
    }

    /** Null: the target is left as it is (an operator deregistered it while SSM still lists it). */
    private static Change change(InventoryState state) {
        if (state == null) {
            return Change.REGISTERED;
        }
        if (!state.deregistered()) {
            return Change.UPDATED;
        }
        return state.known() && state.gone() ? Change.RETURNED : null;
    }

    /** The hybrid activation's name, else the computer name, else the instance id. */
    static String name(ObservedInstance instance) {
        for (String candidate : new String[]{instance.name(), instance.computerName()}) {
            if (candidate != null && !candidate.isBlank() && candidate.length() <= MAX_NAME
                    && Texts.firstRefused(candidate, Texts.Lines.ONE).isEmpty()) {
                return candidate.trim();
            }
        }
        return instance.instanceId();
    }

    private static String agentVersion(String version) {
        return version == null || version.isBlank() || version.length() > MAX_AGENT_VERSION
                || Texts.firstRefused(version, Texts.Lines.ONE).isPresent() ? null : version;
    }

    /** How many listed instances each change touched, for the sync's result. */
    public long count(Change change) {
        return targets.stream().filter(t -> t.change() == change).count();
    }
}
