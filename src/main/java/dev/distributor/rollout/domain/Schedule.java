package dev.distributor.rollout.domain;

import java.util.List;

/**
 * When a deployment runs and when its runs may start invocations, as a client asks for it (defaults applied by the
 * API mapping): the kind, the cron expression (CRON only), the IANA time zone, the overlap policy and the maintenance
 * windows. {@code DeploymentService} checks it before anything is stored.
 *
 * @param windows the maintenance windows, each a cron start and a duration in seconds
 */
public record Schedule(ScheduleKind kind, String cron, String timeZone, OverlapPolicy overlap, List<Window> windows) {

    public static final Schedule ONCE = new Schedule(ScheduleKind.ONCE, null, "UTC", OverlapPolicy.SKIP, List.of());

    /** A maintenance window as asked for: opens at each firing of {@code cron}, open {@code durationSeconds}. */
    public record Window(String cron, long durationSeconds) {
    }
}
