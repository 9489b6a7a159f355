package dev.distributor.fleet.live;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.live.ResumePoint;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.domain.TargetEvent;
import dev.distributor.fleet.domain.TargetFilter;
import dev.distributor.fleet.repository.TargetEventRepository;
import dev.distributor.fleet.repository.TargetRepository;
import dev.distributor.fleet.service.Liveness;
import dev.distributor.fleet.service.TargetService;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/**
 * Following the fleet live (docs/FLEET-EVENTS.md): a snapshot marker (the newest event's seq and how many targets
 * match the filter now), then every event after it whose target matched the filter just before or just after it,
 * from {@link TargetEventHub}. The stream never completes by itself.
 */
@ApplicationScoped
public class FleetEvents {

    /**
     * One message: the snapshot first (no events), then the matching events read since the previous message (at
     * least one); {@code seq} is the snapshot's or the last event's.
     */
    public record Message(long seq, Long matchingTargets, List<TargetEvent> events) {
    }

    private record Snapshot(long newestSeq, long oldestKeptSeq, long matchingTargets) {
    }

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final TargetEventRepository events;
    private final TargetRepository targets;
    private final Liveness liveness;
    private final TargetEventHub hub;

    public FleetEvents(AccessControl access, UnitOfWork unitOfWork, TargetEventRepository events,
            TargetRepository targets, Liveness liveness, TargetEventHub hub) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.events = events;
        this.targets = targets;
        this.liveness = liveness;
        this.hub = hub;
    }

    /**
     * The snapshot, then the matching events after {@code afterSeq} (null: after the snapshot's seq), in order, each
     * once.
     *
     * @throws DistributorException INVALID_INPUT or INVALID_NAME for a malformed filter; INVALID_INPUT when
     *             {@code afterSeq} is negative or beyond the newest event (as the stream's failure)
     */
    public Multi<Message> follow(TargetFilter filter, Long afterSeq) {
        return Multi.createFrom().deferred(() -> followChecked(TargetService.checked("filter", filter), afterSeq));
    }

    private Multi<Message> followChecked(TargetFilter filter, Long afterSeq) {
        return Multi.createFrom().uni(snapshot(filter)).onItem().transformToMultiAndConcatenate(snapshot -> {
            long newest = snapshot.newestSeq();
            long after = ResumePoint.after(afterSeq, newest, snapshot.oldestKeptSeq(), "the newest fleet event");
            Multi<Message> first = Multi.createFrom()
                    .item(new Message(newest, snapshot.matchingTargets(), List.of()));
            Multi<Message> rest = hub.follow(after, filter::admits)
                    .map(batch -> new Message(batch.get(batch.size() - 1).seq(), null, batch));
            return Multi.createBy().concatenating().streams(List.of(first, rest));
        });
    }

    /** The newest seq and the count read in one database snapshot (repeatable read), so they agree. */
    private Uni<Snapshot> snapshot(TargetFilter filter) {
        return access.require(Permission.VIEW, "target.events")
                .chain(viewer -> unitOfWork.readConsistent(session -> events.newestSeq(session)
                        .chain(newest -> events.oldestSeq(session)
                                .chain(oldest -> targets.count(session, filter, liveness.onlineCutoff())
                                        .map(count -> new Snapshot(newest, oldest.orElse(newest + 1), count))))));
    }
}
