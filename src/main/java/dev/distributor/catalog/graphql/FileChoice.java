package dev.distributor.catalog.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("FileSelection")
@Description("Which file a host with given facts gets from a version, and why; the rollout plan uses the same rule.")
public record FileChoice(
        @Description("Whether a file matched.") boolean found,
        @Description("The chosen file's manifest name, when one matched.") String file,
        String sha256,
        @Description("Manifest keys chosen at each level; null past the level where matching stopped.") String platformKey,
        String platformVersionKey,
        String archKey,
        @NonNull @Description("The choice, or the level where it missed, in words.") String reason,
        @NonNull @Description("Facts outside AWS's supported platform table; they never block.") List<@NonNull String> warnings) {
}
