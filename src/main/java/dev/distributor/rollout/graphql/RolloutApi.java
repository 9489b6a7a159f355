package dev.distributor.rollout.graphql;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.graphql.Page;
import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.service.DeploymentService;
import dev.distributor.rollout.service.RolloutReads;
import dev.distributor.rollout.service.RolloutService;

/** Rollouts: reading a run's progress and driving it. Each control is refused with INVALID_STATE where it makes no sense. */
@GraphQLApi
public class RolloutApi {

    private final RolloutService rollouts;
    private final RolloutReads reads;
    private final DeploymentService deployments;
    private final ObjectMapper json;

    public RolloutApi(RolloutService rollouts, RolloutReads reads, DeploymentService deployments, ObjectMapper json) {
        this.rollouts = rollouts;
        this.reads = reads;
        this.deployments = deployments;
        this.json = json;
    }

    @Query("rollout")
    @Description("The rollout with this id, or null.")
    public Uni<RolloutType> findRollout(@NonNull String id) {
        return rollouts.find(RolloutMapper.id("id", id)).map(RolloutMapper::toType)
                .onFailure(e -> e instanceof DistributorException d && d.code() == ErrorCode.ROLLOUT_NOT_FOUND)
                .recoverWithNull();
    }

    @Mutation
    @Description("PLANNED -> RUNNING: fixes the version ('default' resolved now), plans against the fleet as it is "
            + "now and starts the first wave; a run whose every target is skipped answers SUCCEEDED. A retry with the "
            + "same idempotencyKey returns the started run.")
    public Uni<@NonNull RolloutType> startRollout(@NonNull String id, String idempotencyKey) {
        return rollouts.start(RolloutMapper.id("id", id), idempotencyKey).map(RolloutMapper::toType);
    }

    @Mutation
    @Description("RUNNING -> PAUSED: nothing new starts. Commands no host has started are withdrawn and their "
            + "invocations wait PENDING for the resume; invocations a host runs finish and report.")
    public Uni<@NonNull RolloutType> pauseRollout(@NonNull String id) {
        return rollouts.pause(RolloutMapper.id("id", id)).map(RolloutMapper::toType);
    }

    @Mutation
    @Description("PAUSED -> RUNNING; withdrawn invocations are queued again. After a tripped threshold one resume "
            + "is enough: it accepts every error so far and the current wave if it is complete; a new failure trips "
            + "again.")
    public Uni<@NonNull RolloutType> resumeRollout(@NonNull String id) {
        return rollouts.resume(RolloutMapper.id("id", id)).map(RolloutMapper::toType);
    }

    @Mutation
    @Description("Ends the run as CANCELLED: pending invocations are cancelled and queued commands withdrawn; "
            + "commands already running on hosts finish and report.")
    public Uni<@NonNull RolloutType> cancelRollout(@NonNull String id) {
        return rollouts.cancel(RolloutMapper.id("id", id)).map(RolloutMapper::toType);
    }

    @Mutation
    @Description("Starts the next wave of a run waiting for approval (strategy.manualApproval).")
    public Uni<@NonNull RolloutType> approveWave(@NonNull String id) {
        return rollouts.approveWave(RolloutMapper.id("id", id)).map(RolloutMapper::toType);
    }

    @Mutation
    @Description("Runs the FAILED and TIMED_OUT invocations again, each as a new attempt; a finished run reopens.")
    public Uni<@NonNull RolloutType> retryFailed(@NonNull String id) {
        return rollouts.retryFailed(RolloutMapper.id("id", id)).map(RolloutMapper::toType);
    }

    @Mutation
    @Description("Puts back what the run changed, in a new run of the same deployment (trigger ROLLBACK) that it "
            + "answers: each target the run may have changed gets its previous version installed again (REINSTALL), "
            + "or the package uninstalled where there was none; targets already as before are skipped, targets the "
            + "run never reached get nothing. One wave, no error threshold. A RUNNING or PAUSED run is stopped first "
            + "and ends CANCELLED; when the rollback run puts every target back, both runs end ROLLED_BACK. "
            + "INVALID_STATE for a PLANNED run, a run rolled back or being rolled back, a rollback run, or while "
            + "another run of the deployment is unfinished. ROLLOUT_NOT_FOUND for an unknown id.")
    public Uni<@NonNull RolloutType> rollback(@NonNull String rolloutId) {
        return rollouts.rollback(RolloutMapper.id("rolloutId", rolloutId)).map(RolloutMapper::toType);
    }

    @Description("A rollback run: the run it puts back; null for other runs.")
    public Uni<List<RolloutType>> rollbackOf(@Source List<RolloutType> owners) {
        return linked(owners, RolloutType::rollbackOfId);
    }

    @Description("The rollback run that puts this run back (onFailure ROLLBACK or rollback), or null.")
    public Uni<List<RolloutType>> rolledBackBy(@Source List<RolloutType> owners) {
        return linked(owners, RolloutType::rolledBackById);
    }

    /** The runs linked to each owner, in two batched reads (the owners' links, then the linked runs). */
    /** The runs the owners link to, in one read (the owners carry the links' ids). */
    private Uni<List<RolloutType>> linked(List<RolloutType> owners, Function<RolloutType, UUID> link) {
        List<UUID> links = owners.stream().map(link).toList();
        List<UUID> wanted = links.stream().filter(Objects::nonNull).distinct().toList();
        if (wanted.isEmpty()) {
            return Uni.createFrom().item(Collections.<RolloutType>nCopies(owners.size(), null));
        }
        return rollouts.findAll(wanted).map(found -> links.stream()
                .map(l -> l == null || found.get(l) == null ? null : RolloutMapper.toType(found.get(l)))
                .toList());
    }

    @Description("The deployment this run belongs to.")
    public Uni<List<@NonNull DeploymentType>> deployment(@Source List<RolloutType> owners) {
        List<UUID> ids = owners.stream().map(r -> UUID.fromString(r.deploymentId())).toList();
        return deployments.findAll(ids).map(byId -> ids.stream()
                .map(id -> RolloutMapper.toType(byId.get(id), deployments.selector(byId.get(id))))
                .toList());
    }

    @Description("Invocations by status, across the run.")
    public Uni<List<@NonNull InvocationCounts>> counts(@Source List<RolloutType> owners) {
        List<UUID> ids = owners.stream().map(r -> UUID.fromString(r.id())).toList();
        return reads.counts(ids).map(byRollout -> ids.stream().map(id -> RolloutMapper.totals(byRollout.get(id)))
                .toList());
    }

    @Description("Each wave's state and counts.")
    public Uni<List<@NonNull List<@NonNull WaveProgress>>> waves(@Source List<RolloutType> owners) {
        List<UUID> ids = owners.stream().map(r -> UUID.fromString(r.id())).toList();
        return rollouts.findAll(ids).chain(entities -> reads.counts(ids).map(byRollout -> ids.stream()
                .map(id -> RolloutMapper.waves(entities.get(id), byRollout.get(id)))
                .toList()));
    }

    @Description("The run's invocations in wave and plan order, a page at a time.")
    public Uni<@NonNull InvocationConnection> invocations(@Source RolloutType rollout, InvocationStatus status,
            Integer wave, @Description("Page size, 1-500 (default 50).") Integer first, String after) {
        return reads.invocations(UUID.fromString(rollout.id()), status, wave, Page.of(first, after))
                .map(page -> new InvocationConnection(page.slice().items().stream()
                        .map(i -> new InvocationConnection.InvocationEdge(Page.encode(i.wave + ":" + i.position),
                                RolloutMapper.toType(i)))
                        .toList(), page.slice().pageInfo(), Math.toIntExact(page.totalCount())));
    }

    @Description("Events after a sequence number, oldest first (a poller passes the last seq it saw).")
    public Uni<@NonNull List<@NonNull RolloutEventType>> events(@Source RolloutType rollout,
            @DefaultValue("0") int afterSeq, @DefaultValue("100") int first) {
        return reads.events(UUID.fromString(rollout.id()), afterSeq, first)
                .map(list -> list.stream().map(e -> RolloutMapper.toType(e, json)).toList());
    }
}
