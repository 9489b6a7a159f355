package dev.distributor.agent.graphql;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("Command")
@Description("An install or uninstall sent to one target, with what its agent reported.")
public record CommandType(
        @NonNull String id,
        @NonNull @Description("INSTALL or UNINSTALL.") String action,
        @NonNull @Description("REINSTALL or IN_PLACE.") String installType,
        @NonNull String packageName,
        @NonNull String version,
        @NonNull @Description("QUEUED, DELIVERED, IN_PROGRESS, REBOOTING, SUCCESS, FAILED, TIMED_OUT or CANCELLED.") String state,
        @Description("How many times it was handed to the agent (more than one when an answer was lost).") int deliveries,
        Integer exitCode,
        boolean rebootRequired,
        @Description("What the agent was doing when it reported.") String step,
        @Description("The last 24,000 characters of the scripts' output.") String output,
        @NonNull OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt) {
}
