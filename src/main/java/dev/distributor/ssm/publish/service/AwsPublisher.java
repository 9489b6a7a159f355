package dev.distributor.ssm.publish.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.domain.PackageEntity;
import dev.distributor.catalog.domain.PackageVersionEntity;
import dev.distributor.catalog.repository.VersionRepository;
import dev.distributor.catalog.service.PackageService;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Names;
import dev.distributor.common.time.ServiceClock;
import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;
import dev.distributor.ssm.SsmConfig;
import dev.distributor.ssm.client.SsmFailure;
import dev.distributor.ssm.publish.domain.AwsPublicationEntity;
import dev.distributor.ssm.publish.domain.AwsPublicationState;
import dev.distributor.ssm.publish.repository.AwsPublicationRepository;
import dev.distributor.ssm.publish.service.PackageDocuments.Published;
import dev.distributor.ssm.publish.service.PackageDocuments.VersionDocument;
import dev.distributor.ssm.publish.service.PackageFileCopier.FileToCopy;
import dev.distributor.ssm.publish.service.PublishRules.Start;

/**
 * Publishes a version to AWS Distributor (issue 17): copies its files to the configured bucket under their manifest
 * names, then makes it a version of the package's SSM {@code Package} document with the manifest as content.
 *
 * <p>
 * Three steps, so no transaction or lock is open while S3 or SSM is called: (1) one transaction checks the version
 * (PUBLISHED only) and claims its publication row (PUBLISHING, for {@link #CLAIM}) with its audit row; (2) the copies
 * and SSM calls; (3) one transaction records the outcome, PUBLISHED with the document version or FAILED with the
 * failed call and AWS's error code, with its audit row. A request for a version already published calls nothing. A
 * failed or crashed attempt is resumed by the next request: copies are repeated (same bytes, same keys) and the
 * document version is looked up by its version name before anything is created ({@link PackageDocuments}).
 */
@ApplicationScoped
public class AwsPublisher {

    /** The audit action of a request (step 1). */
    public static final String ACTION = "version.publishToAwsDistributor";

    /** The audit action of an attempt's outcome (step 3). */
    public static final String OUTCOME_ACTION = "version.awsPublicationOutcome";

    /**
     * How long an attempt holds its row: longer than the copies and SSM calls take with {@code SsmCalls}' retries at
     * their defaults (8 attempts, backoff up to 20 s), so only a crashed attempt's claim runs out.
     */
    static final Duration CLAIM = Duration.ofMinutes(10);

    private static final Logger LOG = Logger.getLogger(AwsPublisher.class);

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final ServiceClock clock;
    private final PackageService packages;
    private final VersionRepository versions;
    private final AwsPublicationRepository publications;
    private final PackageFileCopier copier;
    private final PackageDocuments documents;
    private final SsmConfig config;

    public AwsPublisher(AccessControl access, UnitOfWork unitOfWork, ServiceClock clock, PackageService packages,
            VersionRepository versions, AwsPublicationRepository publications, PackageFileCopier copier,
            PackageDocuments documents, SsmConfig config) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.clock = clock;
        this.packages = packages;
        this.versions = versions;
        this.publications = publications;
        this.copier = copier;
        this.documents = documents;
        this.config = config;
    }

    /** The first step's answer: what the request does, the record as it stands, and the attempt when it makes one. */
    private record Claim(Start start, Publication publication, PublishAttempt attempt) {

        Map<String, Object> auditDetails() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("start", start.name());
            details.put("documentName", publication.record().documentName);
            details.put("sourceUrl", publication.record().sourceUrl);
            details.put("attempt", publication.record().attempts);
            return details;
        }
    }

    /** What an attempt's calls came to: the document version made, or the call that failed. */
    private record Outcome(Published published, FailedCall failed) {
    }

    /**
     * Publishes the version (publisher role). Answers the publication: PUBLISHED, or PUBLISHING when another attempt
     * holds it.
     *
     * @throws DistributorException {@code SSM_DISABLED}, {@code AWS_PUBLISH_NOT_CONFIGURED}, {@code PACKAGE_NOT_FOUND},
     *             {@code VERSION_NOT_FOUND}, {@code INVALID_STATE} (not PUBLISHED), {@code INVALID_NAME} (no valid
     *             SSM document name), {@code AWS_PUBLISH_FAILED} (recorded FAILED; AWS's error code in the details)
     */
    public Uni<Publication> publish(String packageName, String version) {
        return access.require(Permission.PUBLISH, ACTION)
                .invoke(caller -> {
                    Names.packageName("packageName", packageName);
                    Names.versionName("version", version);
                })
                .chain(caller -> {
                    String bucket = PublishRules.requireConfigured(config.enabled(), config.publish().bucket());
                    return unitOfWork.change(caller, ACTION, "package/" + packageName + "/version/" + version,
                            (session, actor) -> claim(session, actor, packageName, version, bucket),
                            Claim::auditDetails)
                            .chain(claim -> claim.start() == Start.ATTEMPT
                                    ? toTheEnd(attempt(caller, claim.attempt()))
                                    : Uni.createFrom().item(claim.publication()));
                });
    }

    private Uni<Claim> claim(Mutiny.Session session, Actor actor, String packageName, String version, String bucket) {
        return packages.require(session, packageName)
                .chain(pkg -> packages.requireVersion(session, pkg, version)
                        .invoke(v -> PublishRules.requirePublishable(pkg.name, v.version, v.state))
                        .chain(v -> clock.now(session)
                                .chain(now -> publications.lockPublication(session, v.id)
                                        .chain(recorded -> {
                                            Start start = PublishRules.start(recorded, now);
                                            if (start != Start.ATTEMPT) {
                                                return Uni.createFrom().item(new Claim(start,
                                                        new Publication(pkg.name, v.version, recorded), null));
                                            }
                                            return begin(session, actor, pkg, v, recorded, bucket, now);
                                        }))));
    }

    private Uni<Claim> begin(Mutiny.Session session, Actor actor, PackageEntity pkg, PackageVersionEntity version,
            AwsPublicationEntity recorded, String bucket, OffsetDateTime now) {
        String documentName = PublishRules.documentName(config.publish().documentPrefix().orElse(""), pkg.name);
        String keyPrefix = PublishRules.keyPrefix(config.publish().prefix(), pkg.name, version.version);
        String sourceUrl = PublishRules.sourceUrl(bucket, keyPrefix);
        return publications.ensureDocument(session, pkg.id, documentName, now)
                .chain(document -> versions.filesOf(session, List.of(version.id)).chain(files -> {
                    AwsPublicationEntity row = recorded == null ? new AwsPublicationEntity() : recorded;
                    row.versionId = version.id;
                    row.packageId = pkg.id;
                    // The package keeps its document even if the configured prefix changes later.
                    row.documentName = document.documentName;
                    row.sourceUrl = sourceUrl;
                    row.state = AwsPublicationState.PUBLISHING;
                    row.attempts = row.attempts + 1;
                    row.claimedUntil = now.plus(CLAIM);
                    row.requestedBy = actor.subject();
                    row.requestedAt = now;
                    row.updatedAt = now;
                    row.errorOperation = null;
                    row.errorCode = null;
                    row.errorMessage = null;
                    var attempt = new PublishAttempt(version.id, row.attempts, pkg.name, version.version, bucket,
                            keyPrefix,
                            files.stream().map(f -> new FileToCopy(f.fileName, f.sha256)).toList(),
                            new VersionDocument(document.documentName, version.manifest, version.version, sourceUrl));
                    Uni<Void> saved = recorded == null ? session.persist(row) : Uni.createFrom().voidItem();
                    return saved.call(session::flush).replaceWith(new Claim(Start.ATTEMPT,
                            new Publication(pkg.name, version.version, row), attempt));
                }));
    }

    /** Steps 2 and 3: the calls, outside any transaction, then the outcome recorded. */
    private Uni<Publication> attempt(Actor caller, PublishAttempt attempt) {
        return copier.copy(attempt.files(), attempt.bucket(), attempt.keyPrefix())
                .chain(() -> documents.publish(attempt.document()))
                .map(published -> new Outcome(published, null))
                .onFailure().recoverWithItem(failure -> new Outcome(null, failedCall(attempt, failure)))
                .chain(outcome -> unitOfWork.change(caller, OUTCOME_ACTION, attempt.resource(),
                        (session, actor) -> finish(session, attempt, outcome),
                        publication -> outcomeDetails(publication.record()))
                        .map(publication -> failIfFailed(publication, attempt, outcome)));
    }

    private Uni<Publication> finish(Mutiny.Session session, PublishAttempt attempt, Outcome outcome) {
        return clock.now(session).chain(now -> publications.lockPublication(session, attempt.versionId())
                .chain(row -> {
                    if (row == null) {
                        throw new DistributorException(ErrorCode.VERSION_NOT_FOUND, "Version '" + attempt.version()
                                + "' of '" + attempt.packageName() + "' was deleted while it was being published.");
                    }
                    var publication = new Publication(attempt.packageName(), attempt.version(), row);
                    if (row.attempts != attempt.number() || row.state != AwsPublicationState.PUBLISHING) {
                        // Our claim ran out and a later attempt took the row: its record stands.
                        return Uni.createFrom().item(publication);
                    }
                    row.claimedUntil = null;
                    row.updatedAt = now;
                    if (outcome.failed() != null) {
                        row.state = AwsPublicationState.FAILED;
                        row.errorOperation = outcome.failed().operation();
                        row.errorCode = outcome.failed().code();
                        row.errorMessage = outcome.failed().message();
                        return Uni.createFrom().item(publication);
                    }
                    Published published = outcome.published();
                    row.state = AwsPublicationState.PUBLISHED;
                    row.documentVersion = published.documentVersion();
                    row.publishedAt = now;
                    return publications.lockDocument(session, row.packageId).invoke(document -> {
                        document.latestDocumentVersion = published.latestVersion() != null
                                ? published.latestVersion()
                                : published.documentVersion();
                        if (published.defaultVersion() != null) {
                            document.defaultDocumentVersion = published.defaultVersion();
                            document.defaultVersionName = published.defaultVersionName() != null
                                    ? published.defaultVersionName()
                                    : published.created() ? attempt.version() : document.defaultVersionName;
                        }
                        // The mirror looks again: the package's default may be the version that just arrived.
                        document.publications = document.publications + 1;
                        document.updatedAt = now;
                    }).replaceWith(publication);
                }));
    }

    private static Publication failIfFailed(Publication publication, PublishAttempt attempt, Outcome outcome) {
        FailedCall failed = outcome.failed();
        if (failed == null || publication.record().state != AwsPublicationState.FAILED) {
            return publication;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("operation", failed.operation());
        if (failed.code() != null) {
            details.put("awsErrorCode", failed.code());
        }
        throw new DistributorException(ErrorCode.AWS_PUBLISH_FAILED, "Publishing version '" + attempt.version()
                + "' of '" + attempt.packageName() + "' to AWS Distributor failed: " + failed.operation() + " answered "
                + (failed.code() == null ? "nothing" : failed.code()) + " (" + failed.message() + "). It is recorded "
                + "FAILED; publish again to resume.", details);
    }

    private static FailedCall failedCall(PublishAttempt attempt, Throwable failure) {
        if (failure instanceof FailedCall.Failure f) {
            return f.call();
        }
        if (failure instanceof SsmFailure f) {
            return FailedCall.of(f);
        }
        LOG.warnf(failure, "Publishing %s to AWS Distributor failed unexpectedly", attempt.resource());
        return new FailedCall("publish", null, String.valueOf(failure.getMessage()));
    }

    private static Map<String, Object> outcomeDetails(AwsPublicationEntity row) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", row.state.name());
        details.put("attempt", row.attempts);
        if (row.documentVersion != null) {
            details.put("documentVersion", row.documentVersion);
        }
        if (row.errorOperation != null) {
            details.put("operation", row.errorOperation);
            details.put("awsErrorCode", row.errorCode);
        }
        return details;
    }

    /**
     * Runs the attempt to its end even if the client goes away: cancelling it midway would leave the row PUBLISHING
     * until its claim runs out, for nothing.
     */
    private static <T> Uni<T> toTheEnd(Uni<T> work) {
        return Uni.createFrom().emitter(emitter -> work.subscribe().with(emitter::complete, emitter::fail));
    }
}
