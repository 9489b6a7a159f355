package dev.distributor.rollout.graphql;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.rollout.domain.OverlapPolicy;
import dev.distributor.rollout.domain.ScheduleKind;

@Name("Schedule")
@Description("When a deployment runs (docs/ROLLOUTS.md, \"Schedules and triggers\").")
public record ScheduleType(
        @NonNull ScheduleKind kind,
        @Description("CRON: the 5-field cron expression.") String cron,
        @NonNull @Description("The IANA time zone of the cron expression and the maintenance windows.") String timeZone,
        @NonNull @Description("What a firing does while an earlier run is unfinished.") OverlapPolicy overlap,
        @NonNull @Description("A paused schedule starts no run (pauseSchedule, resumeSchedule); runs already started "
                + "go on.") Boolean paused,
        @Description("Why the schedule is paused: who paused it, the start the catalog refused (a "
                + "version no longer published, no default version), or the run whose failure paused an ON_NEW_TARGET "
                + "trigger.") String pausedReason,
        @Description("CRON: when the next run is due; null while the schedule is paused. Firings missed while "
                + "the service was down start one run, at once. With overlap WAIT, a firing waiting for an unfinished "
                + "run keeps its (past) time here until it starts.") OffsetDateTime nextRunAt,
        @NonNull List<@NonNull MaintenanceWindowType> maintenanceWindows) {
}
