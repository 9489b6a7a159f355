package dev.distributor.rollout.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

@Input("PlanInput")
@Description("Give exactly one: a stored deployment, or a deployment not created yet.")
public record PlanInput(String deploymentId, CreateDeploymentInput deployment) {
}
