package dev.distributor.rollout.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("MaintenanceWindowInput")
@Description("A window that opens at each firing of a cron expression (in the schedule's time zone) and stays open "
        + "durationSeconds.")
public record MaintenanceWindowInput(
        @NonNull @Description("Standard 5-field cron: when the window opens, e.g. '0 22 * * 6' (Saturdays 22:00).") String cron,
        @NonNull @Description("How long the window stays open, in seconds: 1 to 604800 (7 days).") Integer durationSeconds) {
}
