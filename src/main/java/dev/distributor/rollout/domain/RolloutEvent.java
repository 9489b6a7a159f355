package dev.distributor.rollout.domain;

/**
 * What can happen to a rollout; {@link RolloutLifecycle} says in which states each is allowed and where it leads.
 * docs/ROLLOUTS.md draws the same table as a diagram (a test keeps the two equal).
 */
public enum RolloutEvent {
    /** {@code startRollout}: the run is planned and its first wave starts. */
    START,
    /** {@code pauseRollout}: nothing new is dispatched until resumed. */
    PAUSE,
    /** {@code resumeRollout}: back to running, accepting what tripped a threshold. */
    RESUME,
    /** {@code cancelRollout}: the run ends for good; unstarted invocations are cancelled. */
    CANCEL,
    /** {@code approveWave}: the next wave starts (a paused run stays paused). */
    APPROVE_WAVE,
    /** The engine starts the next wave: the last one passed and no wait is configured, or the pause is over. */
    ADVANCE_WAVE,
    /** {@code retryFailed}: failed and timed-out invocations run again; a finished run reopens. */
    RETRY,
    /** A threshold (maxErrors or waveSuccessPercent) tripped with {@code onFailure: PAUSE}. */
    THRESHOLD_TRIPPED_PAUSE,
    /** A threshold tripped with {@code onFailure: STOP}: the run fails. */
    THRESHOLD_TRIPPED_STOP,
    /** The last wave is done and every threshold held. */
    SUCCEED,
    /**
     * A threshold tripped with {@code onFailure: ROLLBACK}: the run fails like a stop and a rollback run starts in the
     * same transaction to put back what it changed.
     */
    THRESHOLD_TRIPPED_ROLLBACK,
    /**
     * {@code rollback}: a run still going stops (CANCELLED) and a finished one stays as it is, while a rollback run puts
     * back what it changed.
     */
    ROLLBACK,
    /** A rollback run ended with every target put back (none failed or timed out). */
    ROLLBACK_SUCCEEDED,
    /** A rollback run ended with targets it could not put back (failed or timed out). */
    ROLLBACK_FAILED,
    /** The run's rollback run succeeded: what the run changed is put back. */
    PUT_BACK
}
