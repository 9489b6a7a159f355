package dev.distributor.rollout.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

import dev.distributor.rollout.domain.OverlapPolicy;
import dev.distributor.rollout.domain.ScheduleKind;

@Input("ScheduleInput")
@Description("When a deployment runs, and when its runs may start new invocations. docs/ROLLOUTS.md, \"Schedules and "
        + "triggers\", gives the rules.")
public record ScheduleInput(
        @Description("ONCE (default: one run, started by startRollout), CRON, ON_DEFAULT_VERSION_CHANGE (a run with "
                + "the new version each time setDefaultVersion changes it; the version must be 'default' and the action INSTALL) or "
                + "ON_NEW_TARGET (targets that come to match the selector get the package).") ScheduleKind kind,
        @Description("CRON only, required there: a standard 5-field cron expression (minute hour day-of-month month "
                + "day-of-week, as in crontab(5)), e.g. '0 2 * * *'. A refusal answers INVALID_INPUT with field "
                + "schedule.cron.") String cron,
        @Description("The IANA time zone the cron expression and the maintenance windows are read in, e.g. "
                + "'Europe/Berlin'. Default 'UTC'.") String timeZone,
        @Description("A firing while an earlier run of the deployment is unfinished: SKIP it (default) or WAIT for "
                + "that run to finish. Runs of one deployment never overlap.") OverlapPolicy overlap,
        @Description("Windows outside which no new invocation starts (running ones finish). None: any time. At most "
                + "20.") List<MaintenanceWindowInput> maintenanceWindows) {
}
