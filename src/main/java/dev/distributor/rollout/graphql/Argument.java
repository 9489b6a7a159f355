package dev.distributor.rollout.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("An additional argument passed to the scripts as an environment variable.")
public record Argument(@NonNull String name, @NonNull String value) {
}
