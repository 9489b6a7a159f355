package dev.distributor.rollout.domain;

/**
 * When a deployment runs (DESIGN.md names all four). Only {@link #ONCE} exists today: a deployment comes with one
 * PLANNED run that {@code startRollout} starts; the others come with schedules in a later issue.
 */
public enum ScheduleKind {
    /** One run, started by hand. */
    ONCE,
    /** A run on each tick of a cron expression (not built yet). */
    CRON,
    /** A run each time the package's default version changes (not built yet). */
    ON_DEFAULT_VERSION_CHANGE,
    /** A run for each target that registers and matches the selector (not built yet). */
    ON_NEW_TARGET
}
