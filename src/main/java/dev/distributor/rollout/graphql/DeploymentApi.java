package dev.distributor.rollout.graphql;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.graphql.Page;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.service.DeploymentService;
import dev.distributor.rollout.service.RolloutReads;

/** Deployments: creating them, planning them, listing them with their runs. */
@GraphQLApi
public class DeploymentApi {

    private final DeploymentService deployments;
    private final RolloutReads reads;

    public DeploymentApi(DeploymentService deployments, RolloutReads reads) {
        this.deployments = deployments;
        this.reads = reads;
    }

    @Mutation
    @Description("Creates a deployment. A ONCE deployment comes with its first run (PLANNED): "
            + "check it with plan, then startRollout. A scheduled one (CRON, ON_DEFAULT_VERSION_CHANGE, "
            + "ON_NEW_TARGET) has no run until it first fires (latestRollout is null) and may select no target yet. "
            + "Deployments cannot be edited: pauseSchedule one and create another. INVALID_INPUT names the field "
            + "(schedule.cron, schedule.timeZone, schedule.maintenanceWindows[i].durationSeconds, ...); NO_TARGETS "
            + "for a ONCE deployment whose selector matches nothing.")
    public Uni<@NonNull DeploymentType> createDeployment(@NonNull CreateDeploymentInput input) {
        return deployments.create(RolloutMapper.toNew(input)).map(this::toType);
    }

    @Query("plan")
    @Description("What a run started now would do: the file per target or why it is skipped, offline targets, "
            + "conflicts with running rollouts, and the waves. Changes nothing.")
    public Uni<@NonNull PlanType> plan(@NonNull PlanInput input) {
        return deployments.plan(
                input.deploymentId() == null ? null : () -> RolloutMapper.id("deploymentId", input.deploymentId()),
                input.deployment() == null ? null : () -> RolloutMapper.toNew(input.deployment()))
                .map(RolloutMapper::toType);
    }

    @Query("deployments")
    @Description("Deployments, newest first, a page at a time.")
    public Uni<@NonNull DeploymentConnection> listDeployments(
            @Description("Only deployments of this package.") String packageName,
            @Description("Page size, 1-500 (default 50).") Integer first,
            @Description("Cursor of the last item already seen.") String after) {
        Page page = Page.of(first, after);
        return deployments.list(packageName, page).chain(slice -> deployments.count(packageName)
                .map(total -> new DeploymentConnection(slice.items().stream()
                        .map(d -> new DeploymentConnection.DeploymentEdge(Page.encode(d.createdAt + "|" + d.id),
                                toType(d)))
                        .toList(), slice.pageInfo(), Math.toIntExact(total))));
    }

    @Query("deployment")
    @Description("The deployment with this id, or null.")
    public Uni<DeploymentType> findDeployment(@NonNull String id) {
        return deployments.find(RolloutMapper.id("id", id)).map(this::toType)
                .onFailure(e -> e instanceof DistributorException d && d.code() == ErrorCode.DEPLOYMENT_NOT_FOUND)
                .recoverWithNull();
    }

    @Description("The deployment's runs, newest first.")
    public Uni<List<@NonNull List<@NonNull RolloutType>>> rollouts(@Source List<DeploymentType> owners) {
        List<UUID> ids = owners.stream().map(d -> UUID.fromString(d.id())).toList();
        return reads.rolloutsOf(ids).map(byDeployment -> ids.stream()
                .map(id -> byDeployment.get(id).stream().map(RolloutMapper::toType).toList())
                .toList());
    }

    @Description("The newest run.")
    public Uni<List<RolloutType>> latestRollout(@Source List<DeploymentType> owners) {
        List<UUID> ids = owners.stream().map(d -> UUID.fromString(d.id())).toList();
        return reads.rolloutsOf(ids).map(byDeployment -> ids.stream()
                .map(id -> {
                    List<RolloutEntity> runs = byDeployment.get(id);
                    return runs.isEmpty() ? null : RolloutMapper.toType(runs.get(0));
                })
                .toList());
    }

    private DeploymentType toType(DeploymentEntity d) {
        return RolloutMapper.toType(d, deployments.selector(d));
    }
}
