package dev.distributor.rollout.engine;

import io.smallrye.mutiny.Uni;

/**
 * Something that starts runs by itself: a cron schedule, a trigger (docs/ROLLOUTS.md, "Schedules and triggers"). The
 * engine asks every source at the start of each tick, before it drives rollouts, so what a source starts is driven in
 * the same tick. A source reads durable rows (never a notification alone, DESIGN.md §6), so a run due while the service
 * was down starts on the first tick after it is back; it takes each deployment's row lock, skipping those another
 * replica holds, so two replicas never start the same run.
 */
public interface RunSource {

    /**
     * Starts the runs that are due, each deployment in its own transaction; answers how many it started. A failure on
     * one deployment is logged and retried on a later tick, and does not stop the others.
     */
    Uni<Integer> startDue();
}
