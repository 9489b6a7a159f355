package dev.distributor.rollout.plan;

import java.util.List;

/**
 * What a run would do now: the concrete version, one entry per selected target, and the waves.
 *
 * @param maxConcurrency the strategy's concurrency resolved against the targets that will run
 * @param maxErrors the error budget resolved the same way
 */
public record Plan(
        String packageName,
        String version,
        String action,
        String installType,
        List<PlanEntry> entries,
        List<Integer> waveSizes,
        int maxConcurrency,
        int maxErrors) {

    public List<PlanEntry> runnable() {
        return entries.stream().filter(e -> !e.skipped()).toList();
    }

    public long skippedCount() {
        return entries.stream().filter(PlanEntry::skipped).count();
    }

    public long offlineCount() {
        return entries.stream().filter(e -> !e.online()).count();
    }

    public long conflictCount() {
        return entries.stream().filter(e -> !e.conflicts().isEmpty()).count();
    }
}
