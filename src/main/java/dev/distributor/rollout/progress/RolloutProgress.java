package dev.distributor.rollout.progress;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.live.ResumePoint;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RolloutEventEntity;
import dev.distributor.rollout.domain.RolloutState;
import dev.distributor.rollout.engine.Counts;
import dev.distributor.rollout.repository.InvocationRepository;
import dev.distributor.rollout.repository.RolloutRepository;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/**
 * Following a rollout live: a snapshot (the rollout and its counts as of its newest event), then every event after it
 * from {@link RolloutProgressHub}, ending with the event that finishes the run.
 */
@ApplicationScoped
public class RolloutProgress {

    /**
     * The rollout and its counts read in one database snapshot, so they agree with {@code rollout.eventSeq}, and the
     * lowest seq of its events data retention kept ({@code eventSeq + 1} when none is).
     */
    public record Snapshot(RolloutEntity rollout, Counts counts, long oldestKeptSeq) {
    }

    /**
     * One message: the snapshot first (no events), then the events read since the previous message (at least one);
     * {@code seq} is the snapshot's eventSeq or the last event's.
     */
    public record Message(long seq, Snapshot snapshot, List<RolloutEventEntity> events) {
    }

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final RolloutRepository rollouts;
    private final InvocationRepository invocations;
    private final RolloutProgressHub hub;

    public RolloutProgress(AccessControl access, UnitOfWork unitOfWork, RolloutRepository rollouts,
            InvocationRepository invocations, RolloutProgressHub hub) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.rollouts = rollouts;
        this.invocations = invocations;
        this.hub = hub;
    }

    /**
     * The snapshot, then the events after {@code afterSeq} (null: after the snapshot's) in order, each once, in batches
     * of those read together (events that commit together usually arrive together); completes after the event that
     * finishes the run, or, for a run that had finished, after its newest event (at once when the caller has seen it).
     *
     * @throws DistributorException ROLLOUT_NOT_FOUND, or INVALID_INPUT when {@code afterSeq} is negative or beyond the
     *             rollout's newest event (as the stream's failure)
     */
    public Multi<Message> follow(UUID rolloutId, Long afterSeq) {
        return Multi.createFrom().uni(snapshot(rolloutId)).onItem().transformToMultiAndConcatenate(snapshot -> {
            long newest = snapshot.rollout().eventSeq;
            long after = ResumePoint.after(afterSeq, newest, snapshot.oldestKeptSeq(), "the rollout's newest event");
            Multi<Message> first = Multi.createFrom().item(new Message(newest, snapshot, List.of()));
            if (snapshot.rollout().state.finished() && after == newest) {
                return first;
            }
            // A finished run ends with its newest event; a live one with the event that finishes it, which is the
            // last of its transaction. Reports of commands still running when a run was cancelled or stopped come
            // after its end: a later subscription with afterSeq gets them.
            Predicate<RolloutEventEntity> last = snapshot.rollout().state.finished()
                    ? event -> event.seq >= newest
                    : event -> finishesRun(event, newest);
            Multi<Message> events = hub.follow(rolloutId, after, last)
                    .map(batch -> new Message(batch.get(batch.size() - 1).seq, null, batch));
            return Multi.createBy().concatenating().streams(List.of(first, events));
        });
    }

    /** A rollout event (not an invocation's) at or after the snapshot that leaves the run in a final state. */
    static boolean finishesRun(RolloutEventEntity event, long snapshotSeq) {
        if (event.invocationId != null || event.seq < snapshotSeq || event.status == null) {
            return false;
        }
        try {
            return RolloutState.valueOf(event.status).finished();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Uni<Snapshot> snapshot(UUID rolloutId) {
        return access.require(Permission.VIEW, "rollout.progress")
                .chain(viewer -> unitOfWork.readConsistent(session -> rollouts.find(session, rolloutId)
                        .onItem().ifNull().failWith(() -> new DistributorException(ErrorCode.ROLLOUT_NOT_FOUND,
                                "No rollout has id " + rolloutId + "."))
                        .chain(rollout -> invocations.counts(session, List.of(rolloutId))
                                .chain(counts -> rollouts.oldestEventSeq(session, rolloutId)
                                        .map(oldest -> new Snapshot(rollout, counts.get(rolloutId),
                                                oldest.orElse(rollout.eventSeq + 1)))))));
    }
}
