package dev.distributor.rollout.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.rollout.domain.DeploymentAction;
import dev.distributor.rollout.domain.InstallType;

@Input("CreateDeploymentInput")
@Description("What to deploy, where, and how.")
public record CreateDeploymentInput(
        String name,
        @NonNull String packageName,
        @Description("A version name, or 'default' (the package's default version when each run starts). For "
                + "UNINSTALL, 'default' removes whatever version each target has. Default: 'default'.") String version,
        @Description("Default INSTALL.") DeploymentAction action,
        @Description("REINSTALL (default: uninstall the old version, install the new) or IN_PLACE (run the new "
                + "version's update script).") InstallType installType,
        @Description("Additional arguments, each exported to the package's scripts as an environment variable, as "
                + "AWS-ConfigureAWSPackage does: names begin with SSM_, at most 4096 characters in all (names and "
                + "values). A refused argument answers INVALID_INPUT with field arguments[<index>].name or .value.") List<ArgumentInput> arguments,
        @NonNull TargetSelectorInput selector,
        StrategyInput strategy,
        @Description("When it runs. Default: ONCE, no maintenance window.") ScheduleInput schedule,
        @Description("A retried request with the same key returns the deployment the first one created.") String idempotencyKey) {
}
