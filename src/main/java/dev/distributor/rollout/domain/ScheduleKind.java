package dev.distributor.rollout.domain;

/**
 * When a deployment runs (DESIGN.md §6; AWS State Manager's association triggers). A ONCE deployment comes with one
 * PLANNED run that {@code startRollout} starts; the others start their runs themselves, from durable rows the engine
 * checks on each tick (docs/ROLLOUTS.md, "Schedules and triggers").
 */
public enum ScheduleKind {
    /** One run, started by hand. */
    ONCE,
    /** A run at each firing of a standard 5-field cron expression in an IANA time zone. */
    CRON,
    /** A run each time the package's default version changes, with the new version. */
    ON_DEFAULT_VERSION_CHANGE,
    /** Targets that come to match the selector (register later, or gain its tags or facts) get the package. */
    ON_NEW_TARGET
}
