package dev.distributor.rollout.domain;

/**
 * What a scheduled firing does while an earlier run of the same deployment is unfinished: runs of one deployment
 * never overlap (Kubernetes CronJob's {@code concurrencyPolicy: Forbid} is {@link #SKIP}).
 */
public enum OverlapPolicy {
    /** The firing is skipped; the unfinished run's journal says so ({@code SCHEDULED_RUN_SKIPPED}). */
    SKIP,
    /** The firing waits, and starts once the unfinished run finished ({@code SCHEDULED_RUN_WAITING}). */
    WAIT
}
