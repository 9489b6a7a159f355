package dev.distributor.rollout.plan;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a run would do now: the concrete version, one entry per selected target, and the waves.
 *
 * @param maxConcurrency the strategy's concurrency resolved against the targets that will run
 * @param maxErrors the error budget resolved the same way
 * @param warnings what will go wrong if the run starts as planned (an in-place update of a file without an update
 *        script), in words
 * @param maintenanceWindowOpen a maintenance window of the deployment is open now (service clock), or it has none: a
 *        run may start invocations now
 * @param nextWindowOpensAt when the next window opens, if none is open now; null when one is open or there are none
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
        List<String> warnings,
        boolean maintenanceWindowOpen,
        OffsetDateTime nextWindowOpensAt) {

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
