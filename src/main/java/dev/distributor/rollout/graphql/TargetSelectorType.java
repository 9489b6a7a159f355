package dev.distributor.rollout.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;

@Name("TargetSelector")
@Description("Which targets a deployment reaches; null lists do not filter.")
public record TargetSelectorType(
        List<String> instanceIds,
        List<String> tags,
        List<String> accounts,
        List<String> regions,
        List<String> platforms) {
}
