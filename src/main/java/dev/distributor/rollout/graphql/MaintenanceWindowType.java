package dev.distributor.rollout.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("MaintenanceWindow")
@Description("A window that opens at each firing of cron (in the schedule's time zone) and stays open durationSeconds; "
        + "outside every window of a deployment no new invocation starts.")
public record MaintenanceWindowType(@NonNull String cron, @NonNull Integer durationSeconds) {
}
