package dev.distributor.rollout.domain;

import java.util.Set;

/**
 * PLANNED -> RUNNING -> (PAUSED <-> RUNNING) -> SUCCEEDED | FAILED | CANCELLED; see docs/ROLLOUTS.md. ROLLED_BACK: a
 * rollback run that put back every target it had to, and the run it put back (which was SUCCEEDED, FAILED or
 * CANCELLED before); {@link RolloutLifecycle} has every move.
 */
public enum RolloutState {
    PLANNED, RUNNING, PAUSED, SUCCEEDED, FAILED, CANCELLED, ROLLED_BACK;

    public static final Set<RolloutState> FINISHED = Set.of(SUCCEEDED, FAILED, CANCELLED, ROLLED_BACK);

    public boolean finished() {
        return FINISHED.contains(this);
    }
}
