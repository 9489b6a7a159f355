package dev.distributor.ssm.inventory;

/**
 * What one inventory sync did.
 *
 * @param outcome whether it wrote, or why not
 * @param listed instances DescribeInstanceInformation listed
 * @param registered new SSM targets
 * @param returned SSM targets back after being gone
 * @param updated live SSM targets refreshed
 * @param gone instances marked gone (their live targets deregistered)
 * @param skippedAgentTargets listed ids that are AGENT targets, left alone
 * @param tagsUnread {@code mi-} instances whose ListTagsForResource failed (their tags were left as they were)
 */
public record SyncResult(Outcome outcome, int listed, int registered, int returned, int updated, int gone,
        int skippedAgentTargets, int tagsUnread) {

    /** Whether the sync wrote, or why not. */
    public enum Outcome {
        /** Read SSM and wrote what it found. */
        SYNCED,
        /** {@code distributor.ssm.enabled} is false: SSM was not called. */
        DISABLED,
        /** A sync (on this or another replica) observed SSM less than half an interval ago: SSM was not called. */
        RECENTLY_SYNCED,
        /** Another replica was writing its sync when this one was ready to: this one wrote nothing. */
        BUSY,
        /** A sync that read SSM later than this one already wrote: this one's older view was dropped. */
        SUPERSEDED
    }

    static SyncResult skipped(Outcome outcome) {
        return new SyncResult(outcome, 0, 0, 0, 0, 0, 0, 0);
    }

    static SyncResult skipped(Outcome outcome, int listed) {
        return new SyncResult(outcome, listed, 0, 0, 0, 0, 0, 0);
    }
}
