package dev.distributor.fleet.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.time.ServiceClock;
import dev.distributor.common.work.StartupGate;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.AgentConfig;
import dev.distributor.fleet.domain.NewTargetEvent;
import dev.distributor.fleet.domain.TargetEventType;
import dev.distributor.fleet.repository.TargetRepository;

/**
 * Announces targets going offline and coming back online as fleet events. "Online" is computed (last seen within
 * {@link AgentConfig#onlineCutoff()}), so nothing writes when a target merely stops calling; this sweep, every
 * {@link AgentConfig#livenessSweep()}, compares the computed state at the service clock's now (the database's) with
 * the one last announced, in batches of {@value #BATCH} targets each claimed with {@code skip locked} so replicas
 * never announce a change twice.
 */
@ApplicationScoped
public class LivenessSweep {

    static final int BATCH = 500;

    private static final Logger LOG = Logger.getLogger(LivenessSweep.class);

    private final UnitOfWork unitOfWork;
    private final TargetRepository targets;
    private final TargetJournal journal;
    private final ServiceClock clock;
    private final AgentConfig config;

    public LivenessSweep(UnitOfWork unitOfWork, TargetRepository targets, TargetJournal journal, ServiceClock clock,
            AgentConfig config) {
        this.unitOfWork = unitOfWork;
        this.targets = targets;
        this.journal = journal;
        this.clock = clock;
        this.config = config;
    }

    @Scheduled(skipExecutionIf = StartupGate.Closed.class, every = "${distributor.agent.liveness-sweep}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "fleet-liveness-sweep")
    Uni<Void> scheduledSweep() {
        return sweep().onFailure().invoke(e -> LOG.warn("Liveness sweep failed; retrying at the next one", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Announces every pending change, a batch per transaction; returns how many targets changed. */
    public Uni<Integer> sweep() {
        return batch().chain(announced -> announced < BATCH
                ? Uni.createFrom().item(announced)
                : sweep().map(more -> announced + more));
    }

    private Uni<Integer> batch() {
        return unitOfWork.background(session -> clock.now(session)
                .chain(now -> targets.announceLiveness(session, now, config.onlineCutoff(), BATCH))
                .call(changed -> journal.record(session, changed.stream()
                        .map(c -> NewTargetEvent.of(c.instanceId(),
                                c.online() ? TargetEventType.TARGET_ONLINE : TargetEventType.TARGET_OFFLINE))
                        .toList()))
                .map(List::size));
    }
}
