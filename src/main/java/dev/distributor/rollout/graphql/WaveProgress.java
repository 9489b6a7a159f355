package dev.distributor.rollout.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

@Description("One wave of a run.")
public record WaveProgress(
        int number,
        int size,
        @NonNull @Description("PENDING (not started), RUNNING or DONE.") String state,
        @NonNull InvocationCounts counts) {
}
