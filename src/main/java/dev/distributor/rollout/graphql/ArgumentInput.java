package dev.distributor.rollout.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("ArgumentInput")
@Description("An additional argument: exported to the scripts as an environment variable of this name.")
public record ArgumentInput(@NonNull String name, @NonNull String value) {
}
