package dev.distributor.rollout.domain;

/** What started a run of a deployment (docs/ROLLOUTS.md, "Schedules and triggers"). */
public enum RunTrigger {
    /** {@code startRollout} on the PLANNED run a ONCE deployment comes with. */
    MANUAL,
    /** A firing of the deployment's cron schedule. */
    CRON,
    /** {@code setDefaultVersion} changed the package's default version (ON_DEFAULT_VERSION_CHANGE). */
    DEFAULT_VERSION_CHANGE,
    /** Targets came to match the selector of an ON_NEW_TARGET deployment. */
    NEW_TARGET,
    /** A run that puts back what another run changed ({@code onFailure: ROLLBACK} or {@code rollback}). */
    ROLLBACK
}
