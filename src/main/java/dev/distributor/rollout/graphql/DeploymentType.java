package dev.distributor.rollout.graphql;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.rollout.domain.DeploymentAction;
import dev.distributor.rollout.domain.InstallType;

@Name("Deployment")
@Description("What to deploy, where and how; each run is a rollout.")
public record DeploymentType(
        @NonNull String id,
        String name,
        @NonNull String packageName,
        @NonNull @Description("A version name or 'default'.") String version,
        @NonNull DeploymentAction action,
        @NonNull InstallType installType,
        @NonNull List<@NonNull Argument> arguments,
        @NonNull TargetSelectorType selector,
        @NonNull StrategyType strategy,
        @NonNull @Description("When it runs, and its maintenance windows.") ScheduleType schedule,
        String idempotencyKey,
        @NonNull String createdBy,
        @NonNull OffsetDateTime createdAt) {
}
