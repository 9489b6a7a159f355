package dev.distributor.ssm.publish.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.domain.PackageEntity;
import dev.distributor.common.time.ServiceClock;
import dev.distributor.common.work.StartupGate;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.ssm.SsmConfig;
import dev.distributor.ssm.publish.domain.AwsDocumentEntity;
import dev.distributor.ssm.publish.repository.AwsPublicationRepository;

/**
 * Mirrors {@code setDefaultVersion} to AWS Distributor: every {@code distributor.ssm.sync-interval}, each package
 * published to AWS whose default changed since the last mirror ({@code package.default_version_seq}, counted by a
 * database trigger, V12) or that had a version published since, gets {@code UpdateDocumentDefaultVersion} with the
 * document version of its new default ({@link MirrorDecision}); a default not published to AWS is recorded as the
 * reason AWS's default stays.
 *
 * <p>
 * One runner per package at a time, across replicas: a committed claim ({@code mirror_claimed_until}, taken with
 * {@code skip locked}) and no lock held during the SSM call. A refused call is recorded and tried again one interval
 * later.
 */
@ApplicationScoped
public class DefaultVersionMirror {

    static final int BATCH = 50;

    /** How long a run holds a package: longer than one SSM call with SsmCalls' retries at their defaults. */
    static final Duration CLAIM = Duration.ofMinutes(5);

    private static final Logger LOG = Logger.getLogger(DefaultVersionMirror.class);

    private final UnitOfWork unitOfWork;
    private final ServiceClock clock;
    private final AwsPublicationRepository publications;
    private final PackageDocuments documents;
    private final SsmConfig config;

    public DefaultVersionMirror(UnitOfWork unitOfWork, ServiceClock clock, AwsPublicationRepository publications,
            PackageDocuments documents, SsmConfig config) {
        this.unitOfWork = unitOfWork;
        this.clock = clock;
        this.publications = publications;
        this.documents = documents;
        this.config = config;
    }

    /** One package to mirror, read in the claiming transaction. */
    record Task(long packageId, String documentName, long seq, long publications, String defaultVersion,
            String publishedAs, String awsDefault) {
    }

    @Scheduled(skipExecutionIf = StartupGate.Closed.class, every = "${distributor.ssm.sync-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "ssm-default-version-mirror")
    Uni<Void> scheduledMirror() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return mirrorDue()
                .onFailure().invoke(e -> LOG.warn("Mirroring default versions to AWS failed; retrying next time", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Mirrors every package due (claimed in batches); answers how many were handled. */
    public Uni<Integer> mirrorDue() {
        return claim().chain(tasks -> Multi.createFrom().iterable(tasks)
                .onItem().transformToUniAndConcatenate(this::mirror)
                .collect().asList()
                .chain(done -> tasks.size() < BATCH
                        ? Uni.createFrom().item(done.size())
                        : mirrorDue().map(more -> done.size() + more)));
    }

    private Uni<List<Task>> claim() {
        return unitOfWork.background(session -> clock.now(session)
                .chain(now -> publications.claimMirrorsDue(session, now, now.plus(CLAIM), BATCH))
                .chain(ids -> tasks(session, ids)));
    }

    private Uni<List<Task>> tasks(Mutiny.Session session, List<Long> packageIds) {
        List<Task> tasks = new ArrayList<>();
        return Multi.createFrom().iterable(packageIds)
                .onItem().transformToUniAndConcatenate(id -> session.find(PackageEntity.class, id)
                        .chain(pkg -> publications.findDocument(session, id)
                                .chain(document -> (pkg.defaultVersion == null
                                        ? Uni.createFrom().<String>nullItem()
                                        : publications.publishedVersion(session, id, pkg.defaultVersion)
                                                .map(p -> p == null ? null : p.documentVersion))
                                        .invoke(publishedAs -> tasks.add(new Task(id, document.documentName,
                                                pkg.defaultVersionSeq, document.publications, pkg.defaultVersion,
                                                publishedAs, document.defaultDocumentVersion))))))
                .collect().last()
                .replaceWith(tasks);
    }

    private Uni<Void> mirror(Task task) {
        MirrorDecision decision = MirrorDecision.decide(task.defaultVersion(), task.publishedAs(), task.awsDefault());
        if (decision.kind() != MirrorDecision.Kind.SET) {
            return record(task, null, null, decision.note());
        }
        return documents.setDefault(task.documentName(), decision.documentVersion())
                .chain(name -> record(task, decision.documentVersion(), name == null ? task.defaultVersion() : name,
                        null))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("UpdateDocumentDefaultVersion of %s failed: %s", task.documentName(),
                            failure.getMessage());
                    return refused(task, String.valueOf(failure.getMessage()));
                });
    }

    /**
     * The mirror is done for the default it read: AWS's default when this run set it (null: left as recorded, since a
     * publication may have recorded a newer one meanwhile), and the note, if any.
     */
    private Uni<Void> record(Task task, String awsDefault, String awsDefaultName, String note) {
        return unitOfWork.background(session -> clock.now(session).chain(now -> lockedDocument(session, task)
                .invoke(document -> {
                    if (document == null) {
                        return; // the package was deleted meanwhile
                    }
                    document.mirroredSeq = task.seq();
                    document.mirroredPublications = task.publications();
                    if (awsDefault != null) {
                        document.defaultDocumentVersion = awsDefault;
                        document.defaultVersionName = awsDefaultName;
                    }
                    document.mirrorNote = note;
                    document.mirroredAt = now;
                    document.mirrorClaimedUntil = null;
                    document.updatedAt = now;
                }))).replaceWithVoid();
    }

    /** SSM refused: the default stays due, tried again after one interval. */
    private Uni<Void> refused(Task task, String note) {
        return unitOfWork.background(session -> clock.now(session).chain(now -> lockedDocument(session, task)
                .invoke(document -> {
                    if (document == null) {
                        return;
                    }
                    document.mirrorNote = note;
                    document.mirrorClaimedUntil = now.plus(config.syncInterval());
                    document.updatedAt = now;
                }))).replaceWithVoid();
    }

    private Uni<AwsDocumentEntity> lockedDocument(Mutiny.Session session, Task task) {
        return publications.lockDocument(session, task.packageId());
    }
}
