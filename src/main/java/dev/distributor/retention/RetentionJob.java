package dev.distributor.retention;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntPredicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.common.time.ServiceClock;
import dev.distributor.common.work.Actor;
import dev.distributor.common.work.AuditTrail;
import dev.distributor.common.work.PeriodicJob;
import dev.distributor.common.work.StartupGate;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.retention.RetentionPolicy.Kind;
import dev.distributor.retention.repository.RetentionRepository;
import dev.distributor.retention.repository.RetentionRepository.OutputTable;

/**
 * Removes old data every DISTRIBUTOR_RETENTION_INTERVAL (default 1 hour) on every replica: output text of finished
 * invocations and commands, fleet events and the events of finished rollouts, audit rows, and artifacts no version
 * names (their S3 object and row). Each batch of at most DISTRIBUTOR_RETENTION_BATCH_SIZE rows is a transaction of its
 * own that first takes a transaction-level advisory lock; a replica that does not get it ends its run, so two replicas
 * never clean at once and a crash leaves no lock behind. A run logs one summary line and, when it removed anything,
 * writes one audit row ({@code retention.run}, actor {@code retention}). Rules: docs/OPERATIONS.md "Data retention".
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    /** Most artifacts one transaction removes (see {@link #artifactLimit()}). */
    static final int ARTIFACT_BATCH = 100;

    /** Who the audit row of a run names. */
    static final String ACTOR = "retention";

    private final UnitOfWork unitOfWork;
    private final RetentionRepository repository;
    private final ArtifactStore store;
    private final ServiceClock clock;
    private final AuditTrail audit;
    private final RetentionConfig config;
    private final PeriodicJob job;

    public RetentionJob(Vertx vertx, UnitOfWork unitOfWork, RetentionRepository repository, ArtifactStore store,
            ServiceClock clock, AuditTrail audit, RetentionConfig config) {
        this.unitOfWork = unitOfWork;
        this.repository = repository;
        this.store = store;
        this.clock = clock;
        this.audit = audit;
        this.config = config;
        for (Kind kind : Kind.values()) {
            RetentionPolicy.cutoff(OffsetDateTime.now(), RetentionPolicy.ageOf(kind, config));
        }
        if (config.batchSize() < 1) {
            throw new IllegalArgumentException("DISTRIBUTOR_RETENTION_BATCH_SIZE must be at least 1");
        }
        this.job = new PeriodicJob(vertx, "Retention run", config.interval(), Duration.ofSeconds(1),
                () -> run().replaceWithVoid());
    }

    void start(@Observes StartupEvent event, StartupGate gate) {
        gate.whenOpen(job::start);
    }

    void stop(@Observes ShutdownEvent event) {
        job.stop();
    }

    /** What one run removed, by kind; a kind another replica was cleaning, or that is kept forever, counts 0. */
    public record Summary(Map<Kind, Integer> removed, boolean yielded) {

        public int total() {
            return removed.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Runs once now: every kind in turn, batch after batch until a batch comes back short. */
    public Uni<Summary> run() {
        return runAhead(Duration.ZERO);
    }

    /**
     * Runs once as if the service clock were {@code ahead} further on. Tests make rows due this way rather than by
     * moving the service clock, which every other job of the test service reads as well.
     */
    Uni<Summary> runAhead(Duration ahead) {
        Map<Kind, Integer> removed = new EnumMap<>(Kind.class);
        boolean[] yielded = {false};
        return unitOfWork.background(session -> clock.now(session).map(now -> now.plus(ahead)))
                .chain(now -> Multi.createFrom().items(Kind.values())
                        .onItem().transformToUniAndConcatenate(kind -> RetentionPolicy
                                .cutoff(now, RetentionPolicy.ageOf(kind, config))
                                .map(cutoff -> runKind(kind, now, cutoff))
                                .orElseGet(() -> Uni.createFrom().item(0))
                                .onFailure(Yielded.class).recoverWithItem(() -> {
                                    yielded[0] = true;
                                    return 0;
                                })
                                .invoke(n -> removed.put(kind, n)))
                        .collect().last())
                .map(ignored -> new Summary(removed, yielded[0]))
                .call(this::record);
    }

    private Uni<Integer> runKind(Kind kind, OffsetDateTime now, OffsetDateTime cutoff) {
        return switch (kind) {
            case OUTPUT -> repeat(session -> clearOutputs(session, cutoff), fullBatch(config.batchSize()));
            // One rollout per batch: go on while a batch found a rollout with events to remove.
            case EVENTS -> repeat(session -> repository.deleteFinishedRolloutEvents(session, cutoff,
                    config.batchSize()), n -> n > 0)
                    .chain(rollouts -> repeat(fleetEventsBatch(cutoff), fullBatch(config.batchSize()))
                            .map(fleet -> rollouts + fleet));
            case AUDIT -> repeat(session -> repository.deleteAudit(session, cutoff, config.batchSize()),
                    fullBatch(config.batchSize()));
            case ARTIFACTS -> locked(session -> repository.unmarkReferenced(session))
                    .chain(() -> repeat(session -> repository.markUnreferenced(session, now, config.batchSize()),
                            fullBatch(config.batchSize())))
                    .chain(() -> repeat(session -> artifactBatch(session, cutoff), fullBatch(artifactLimit())));
        };
    }

    private Function<Mutiny.Session, Uni<Integer>> fleetEventsBatch(OffsetDateTime cutoff) {
        return session -> repository.oldestFleetEvents(session, config.batchSize())
                .chain(oldest -> {
                    var through = RetentionPolicy.lastDueOfPrefix(oldest, cutoff);
                    return through.isEmpty()
                            ? Uni.createFrom().item(0)
                            : repository.deleteFleetEventsThrough(session, through.getAsLong());
                });
    }

    private Uni<Integer> clearOutputs(Mutiny.Session session, OffsetDateTime cutoff) {
        int limit = config.batchSize();
        return repository.clearOutput(session, OutputTable.INVOCATION, cutoff, limit)
                .chain(a -> repository.clearOutput(session, OutputTable.AGENT_COMMAND, cutoff, limit)
                        .chain(b -> repository.clearOutput(session, OutputTable.SSM_COMMAND, cutoff, limit)
                                // A table that filled its batch makes the sum reach it, so another batch follows.
                                .map(c -> a + b + c)));
    }

    /**
     * One batch of artifacts: locks the due rows (no version can name a locked artifact), drops any a version named
     * meanwhile, deletes their objects, then the rows of the objects that went. An object that could not be deleted
     * keeps its row, so the next run tries again; a row never goes while its object stays.
     */
    private Uni<Integer> artifactBatch(Mutiny.Session session, OffsetDateTime cutoff) {
        return repository.lockDueArtifacts(session, cutoff, artifactLimit())
                .chain(locked -> repository.referenced(session, locked).chain(named -> {
                    var stillNamed = new HashSet<>(named);
                    List<String> due = locked.stream().filter(sha -> !stillNamed.contains(sha)).toList();
                    return deleteObjects(due)
                            .chain(deleted -> repository.deleteArtifacts(session, deleted));
                }));
    }

    private Uni<List<String>> deleteObjects(List<String> sha256s) {
        List<String> deleted = new ArrayList<>();
        return Multi.createFrom().iterable(sha256s)
                .onItem().transformToUniAndConcatenate(sha -> store.delete(ArtifactStore.keyFor(sha))
                        .invoke(() -> deleted.add(sha))
                        .onFailure().invoke(e -> LOG.warnf("Retention kept artifact %s: its object was not "
                                + "deleted (%s); the next run retries", sha, e.getMessage()))
                        .onFailure().recoverWithNull())
                .collect().last()
                .replaceWith(() -> deleted);
    }

    /**
     * Artifacts one transaction removes: at most {@value #ARTIFACT_BATCH}, because their objects are deleted one
     * request at a time inside it, and a transaction idle longer than DISTRIBUTOR_DB_IDLE_IN_TRANSACTION_TIMEOUT is
     * ended by the server.
     */
    private int artifactLimit() {
        return Math.min(config.batchSize(), ARTIFACT_BATCH);
    }

    private static IntPredicate fullBatch(int limit) {
        return n -> RetentionPolicy.more(n, limit);
    }

    /** Runs batches while {@code more} holds for what one removed; each is a transaction holding the retention lock. */
    private Uni<Integer> repeat(Function<Mutiny.Session, Uni<Integer>> batch, IntPredicate more) {
        return repeatFrom(batch, more, 0);
    }

    private Uni<Integer> repeatFrom(Function<Mutiny.Session, Uni<Integer>> batch, IntPredicate more, int soFar) {
        return locked(batch).chain(n -> more.test(n)
                ? repeatFrom(batch, more, soFar + n)
                : Uni.createFrom().item(soFar + n));
    }

    private Uni<Integer> locked(Function<Mutiny.Session, Uni<Integer>> batch) {
        return unitOfWork.background(session -> repository.tryLock(session).chain(got -> {
            if (!got) {
                return Uni.createFrom().failure(new Yielded());
            }
            return batch.apply(session);
        }));
    }

    /** Logs the run's summary line and, when it removed anything, audits it (in a transaction of its own). */
    private Uni<Void> record(Summary summary) {
        Map<String, Object> details = new LinkedHashMap<>();
        summary.removed().forEach((kind, n) -> details.put(kind.name().toLowerCase(), n));
        LOG.infof("Retention run removed %d: output texts %d, events %d, audit rows %d, artifacts %d%s",
                summary.total(), count(summary, Kind.OUTPUT), count(summary, Kind.EVENTS),
                count(summary, Kind.AUDIT), count(summary, Kind.ARTIFACTS),
                summary.yielded() ? " (another replica was cleaning)" : "");
        if (summary.total() == 0) {
            return Uni.createFrom().voidItem();
        }
        Actor actor = new Actor(ACTOR, "data retention job", "retention-" + UUID.randomUUID(), null);
        return unitOfWork.background(session -> audit.record(session, actor, "retention.run", "retention", details));
    }

    private static int count(Summary summary, Kind kind) {
        return Optional.ofNullable(summary.removed().get(kind)).orElse(0);
    }

    /** Another replica holds the retention lock: this run leaves the kind to it. */
    static final class Yielded extends RuntimeException {
        Yielded() {
            super("another replica holds the retention lock", null, false, false);
        }
    }
}
