package dev.distributor.rollout.graphql;

import java.util.Map;

import org.eclipse.microprofile.graphql.Description;

import dev.distributor.rollout.domain.InvocationStatus;

@Description("Invocations by status.")
public record InvocationCounts(int total, int pending, int queued, int inProgress,
        @Description("Hosts rebooting to finish their command: unfinished, neither a success nor an error.") int rebooting,
        int success, int failed, int timedOut, int cancelled, int skipped) {

    static InvocationCounts of(Map<InvocationStatus, Integer> counts) {
        int pending = counts.getOrDefault(InvocationStatus.PENDING, 0);
        int queued = counts.getOrDefault(InvocationStatus.QUEUED, 0);
        int inProgress = counts.getOrDefault(InvocationStatus.IN_PROGRESS, 0);
        int rebooting = counts.getOrDefault(InvocationStatus.REBOOTING, 0);
        int success = counts.getOrDefault(InvocationStatus.SUCCESS, 0);
        int failed = counts.getOrDefault(InvocationStatus.FAILED, 0);
        int timedOut = counts.getOrDefault(InvocationStatus.TIMED_OUT, 0);
        int cancelled = counts.getOrDefault(InvocationStatus.CANCELLED, 0);
        int skipped = counts.getOrDefault(InvocationStatus.SKIPPED, 0);
        return new InvocationCounts(
                pending + queued + inProgress + rebooting + success + failed + timedOut + cancelled + skipped,
                pending, queued, inProgress, rebooting, success, failed, timedOut, cancelled, skipped);
    }
}
