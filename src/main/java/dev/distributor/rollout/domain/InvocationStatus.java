package dev.distributor.rollout.domain;

import java.util.Set;

/** PENDING -> QUEUED -> IN_PROGRESS -> SUCCESS | FAILED | TIMED_OUT | CANCELLED; SKIPPED from the plan. */
public enum InvocationStatus {
    PENDING, QUEUED, IN_PROGRESS, SUCCESS, FAILED, TIMED_OUT, CANCELLED, SKIPPED;

    public static final Set<InvocationStatus> OUT = Set.of(QUEUED, IN_PROGRESS);
    public static final Set<InvocationStatus> ERRORS = Set.of(FAILED, TIMED_OUT);

    public boolean finished() {
        return this != PENDING && !OUT.contains(this);
    }
}
