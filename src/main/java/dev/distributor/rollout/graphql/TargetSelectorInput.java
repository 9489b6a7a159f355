package dev.distributor.rollout.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

@Input("TargetSelectorInput")
@Description("Which targets a deployment reaches; every given list must match, and at least one must be given.")
public record TargetSelectorInput(
        List<String> instanceIds,
        @Description("Each 'key=value' (exact) or 'key' (present); all must match.") List<String> tags,
        List<String> accounts,
        List<String> regions,
        List<String> platforms) {
}
