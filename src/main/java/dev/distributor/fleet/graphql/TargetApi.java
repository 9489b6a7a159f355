package dev.distributor.fleet.graphql;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.Tags;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.graphql.Page;
import dev.distributor.common.graphql.Tag;
import dev.distributor.common.graphql.TagInput;
import dev.distributor.fleet.domain.TargetEntity;
import dev.distributor.fleet.domain.TargetFilter;
import dev.distributor.fleet.service.TargetService;

/** The fleet's GraphQL surface: reading targets, tagging them, removing them. */
@GraphQLApi
public class TargetApi {

    private final TargetService targets;

    public TargetApi(TargetService targets) {
        this.targets = targets;
    }

    @Query("targets")
    @Description("Targets ordered by instance id, a page at a time.")
    public Uni<@NonNull TargetConnection> listTargets(TargetFilterInput filter,
            @Description("Page size, 1-500 (default 50).") Integer first,
            @Description("Cursor of the last item already seen.") String after) {
        Page page = Page.of(first, after);
        return targets.list(toFilter(filter), page).map(result -> new TargetConnection(
                result.slice().items().stream()
                        .map(t -> new TargetConnection.TargetEdge(Page.encode(t.instanceId), toType(t)))
                        .toList(),
                result.slice().pageInfo(), Math.toIntExact(result.totalCount())));
    }

    @Query("target")
    @Description("The registered target with this instance id, or null.")
    public Uni<TargetType> findTarget(@NonNull String instanceId) {
        return targets.find(instanceId).map(t -> t == null ? null : toType(t));
    }

    @Description("Packages installed on the target.")
    public Uni<List<@NonNull List<@NonNull InstalledPackage>>> installedPackages(@Source List<TargetType> owners) {
        return targets.installedOn(owners.stream().map(TargetType::instanceId).toList())
                .map(perTarget -> {
                    var result = new ArrayList<List<InstalledPackage>>(perTarget.size());
                    perTarget.forEach(rows -> result.add(rows.stream()
                            .map(r -> new InstalledPackage(r.packageName, r.version, r.status, r.updatedAt))
                            .toList()));
                    return result;
                });
    }

    @Mutation
    @Description("Adds or replaces tags on the listed targets. Tags select targets for deployments.")
    public Uni<@NonNull List<@NonNull TargetType>> tagTargets(@NonNull List<@NonNull String> instanceIds,
            @NonNull List<@NonNull TagInput> tags) {
        return targets.tag(instanceIds, Tags.fromInputs("tags", tags))
                .map(list -> list.stream().map(this::toType).toList());
    }

    @Mutation
    @Description("Removes tag keys from the listed targets.")
    public Uni<@NonNull List<@NonNull TargetType>> untagTargets(@NonNull List<@NonNull String> instanceIds,
            @NonNull List<@NonNull String> keys) {
        return targets.untag(instanceIds, keys).map(list -> list.stream().map(this::toType).toList());
    }

    @Mutation
    @Description("Removes a target from the fleet: its agent's token stops working and its unfinished commands, "
            + "running ones included, are cancelled (a rollout counts them CANCELLED, 'target deregistered', not as "
            + "errors). The host must register again to come back.")
    public Uni<@NonNull Boolean> deregisterTarget(@NonNull String instanceId) {
        return targets.deregister(instanceId);
    }

    @Mutation
    @Description("Gives the agent target a new token. The agent gets it in the answer to its next call (within one poll "
            + "wait, at most DISTRIBUTOR_AGENT_MAX_WAIT seconds, while it is online) and switches to it; the old token "
            + "keeps working until the new one is first used, then stops for good. Until then the target's "
            + "tokenRotationRequestedAt is set; asking again meanwhile changes nothing. Needs the admin role. Errors: "
            + "TARGET_NOT_FOUND (no registered target has this id), INVALID_INPUT (an SSM target, which has no agent "
            + "token), INVALID_NAME (a malformed id), UNAUTHORIZED, FORBIDDEN.")
    public Uni<@NonNull TargetType> rotateAgentToken(@NonNull String instanceId) {
        return targets.rotateToken(instanceId).map(this::toType);
    }

    private TargetType toType(TargetEntity t) {
        List<Tag> tags = t.tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
        return new TargetType(t.instanceId, t.name, t.driver, t.platform, t.platformVersion, t.arch, t.account,
                t.region, tags, t.agentVersion, t.registeredAt, targets.lastSeen(t), targets.isOnline(t),
                t.tokenRotationRequestedAt);
    }

    /** The input as the domain filter; INVALID_INPUT for hasPackageVersion without hasPackage. */
    static TargetFilter toFilter(TargetFilterInput f) {
        if (f == null) {
            return TargetFilter.ALL;
        }
        if (f.hasPackageVersion() != null && f.hasPackage() == null) {
            throw DistributorException.invalidInput("hasPackageVersion", "hasPackageVersion needs hasPackage.");
        }
        return new TargetFilter(f.instanceIds(), f.tags(), f.platforms(), f.platformVersion(), f.arch(),
                f.accounts(), f.regions(), f.online(), f.hasPackage(), f.hasPackageVersion(), f.packageState());
    }
}
