package dev.distributor.rollout.plan;

import java.util.List;

/**
 * What a run would do now: the concrete version, one entry per selected target, and the waves.
 *
 * @param maxConcurrency the strategy's concurrency resolved against the targets that will run
 * @param maxErrors the error budget resolved the same way
 * @param warnings what will go wrong if the run starts as planned (an in-place update of a file without an update
 *        script), in words
 */
public record Plan(
        String packageName,
        String version,
        String action,
        String installType,
        List<PlanEntry> entries,
        List<Integer> waveSizes,
        int maxConcurrency,
        int maxErrors,
        List<String> warnings) {

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
