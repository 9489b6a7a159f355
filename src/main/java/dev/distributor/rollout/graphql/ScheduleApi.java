package dev.distributor.rollout.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;

import io.smallrye.mutiny.Uni;

import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.schedule.ScheduleService;
import dev.distributor.rollout.service.DeploymentService;

/** Pausing and resuming the schedule of a deployment that starts its runs itself. */
@GraphQLApi
public class ScheduleApi {

    private final ScheduleService schedules;
    private final DeploymentService deployments;

    public ScheduleApi(ScheduleService schedules, DeploymentService deployments) {
        this.schedules = schedules;
        this.deployments = deployments;
    }

    @Mutation
    @Description("Stops the deployment's schedule (CRON, ON_DEFAULT_VERSION_CHANGE, ON_NEW_TARGET) starting runs; runs "
            + "already started go on. schedule.pausedReason names who paused it. INVALID_STATE for a ONCE deployment "
            + "(nothing to pause) or a paused schedule; DEPLOYMENT_NOT_FOUND.")
    public Uni<@NonNull DeploymentType> pauseSchedule(@NonNull String deploymentId) {
        return schedules.pause(RolloutMapper.id("deploymentId", deploymentId)).map(this::toType);
    }

    @Mutation
    @Description("Lets a paused schedule start runs again, from now: firings that passed while it was paused do not "
            + "run (a CRON schedule's nextRunAt is its next firing after now), and a default-version change made while "
            + "paused starts no run. Clears pausedReason. INVALID_STATE for a ONCE deployment or a schedule not "
            + "paused; DEPLOYMENT_NOT_FOUND.")
    public Uni<@NonNull DeploymentType> resumeSchedule(@NonNull String deploymentId) {
        return schedules.resume(RolloutMapper.id("deploymentId", deploymentId)).map(this::toType);
    }

    private DeploymentType toType(DeploymentEntity d) {
        return RolloutMapper.toType(d, deployments.selector(d));
    }
}
