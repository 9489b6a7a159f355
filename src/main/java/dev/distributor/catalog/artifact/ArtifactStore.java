package dev.distributor.catalog.artifact;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import dev.distributor.common.VertxContexts;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.metrics.CallTimer;

/**
 * Content-addressed artifact storage on S3. Uploads land under {@code staging/sha256/<hex>}; only bytes that passed
 * verification are promoted to {@code artifacts/sha256/<hex>}, so identical files are stored once whatever versions
 * name them, and nothing under {@code artifacts/} was left there by a refused upload. Every call is asynchronous;
 * nothing here blocks the event loop. Failures of the store become {@code STORAGE_UNAVAILABLE}.
 */
@ApplicationScoped
public class ArtifactStore {

    private static final Logger LOG = Logger.getLogger(ArtifactStore.class);

    private final S3AsyncClient s3;
    private final S3Presigner presigner;
    private final ArtifactConfig config;
    /** distributor_s3_call_seconds (docs/OBSERVABILITY.md): every call below, by operation and outcome. */
    private final CallTimer calls;

    public ArtifactStore(S3AsyncClient s3, S3Presigner presigner, ArtifactConfig config, MeterRegistry registry) {
        this.s3 = s3;
        this.presigner = presigner;
        this.config = config;
        this.calls = new CallTimer(registry, "distributor.s3.call", "Calls to the artifact store (S3)",
                ArtifactStore::outcomeOf);
    }

    /** Where a staged upload waits for verification. */
    public static final String STAGING_PREFIX = "staging/sha256/";

    /** The key of a verified artifact, the one hosts download. */
    public static String keyFor(String sha256) {
        return "artifacts/sha256/" + sha256;
    }

    /** The key an upload of these bytes is sent to, before verification. */
    public static String stagingKeyFor(String sha256) {
        return STAGING_PREFIX + sha256;
    }

    /** A signed request a client sends as is: the method, URL and headers that must accompany the body. */
    public record PresignedRequest(String method, URL url, Map<String, List<String>> headers, Instant expiresAt) {
    }

    /** Succeeds when the bucket answers; used by the readiness check. */
    public Uni<Void> ping() {
        return VertxContexts
                .resumeOnCaller(calls.time("HeadBucket", () -> s3.headBucket(b -> b.bucket(config.s3().bucket())))
                        .replaceWithVoid());
    }

    /**
     * A presigned PUT to the staging key of the artifact with this hash; the signature binds the content length. The
     * bytes become an artifact only when a version names them and they pass verification ({@link #promote}).
     */
    public PresignedRequest presignUpload(String sha256, long size) {
        var presigned = presigner.presignPutObject(p -> p
                .signatureDuration(config.s3().presignTtl())
                .putObjectRequest(o -> o.bucket(config.s3().bucket()).key(stagingKeyFor(sha256)).contentLength(size)));
        return new PresignedRequest("PUT", presigned.url(), presigned.signedHeaders(), presigned.expiration());
    }

    /** A presigned GET for the artifact with this hash. */
    public PresignedRequest presignDownload(String sha256) {
        var presigned = presigner.presignGetObject(g -> g
                .signatureDuration(config.s3().presignTtl())
                .getObjectRequest(o -> o.bucket(config.s3().bucket()).key(keyFor(sha256))));
        return new PresignedRequest("GET", presigned.url(), presigned.signedHeaders(), presigned.expiration());
    }

    /** A presigned GET valid for the configured lifetime or {@code atLeast}, whichever is longer. */
    public PresignedRequest presignDownload(String sha256, Duration atLeast) {
        Duration ttl = atLeast.compareTo(config.s3().presignTtl()) > 0 ? atLeast : config.s3().presignTtl();
        var presigned = presigner.presignGetObject(g -> g
                .signatureDuration(ttl)
                .getObjectRequest(o -> o.bucket(config.s3().bucket()).key(keyFor(sha256))));
        return new PresignedRequest("GET", presigned.url(), presigned.signedHeaders(), presigned.expiration());
    }

    /** The stored object's size, or empty when nothing is stored under the key. */
    public Uni<Optional<Long>> sizeOf(String key) {
        return VertxContexts.resumeOnCaller(
                calls.time("HeadObject", () -> s3.headObject(h -> h.bucket(config.s3().bucket()).key(key)))
                        .map(head -> Optional.of(head.contentLength()))
                        .onFailure(ArtifactStore::isMissing).recoverWithItem(Optional.empty())
                        .onFailure(e -> !(e instanceof DistributorException)).transform(ArtifactStore::unavailable));
    }

    /** Downloads the object into {@code target} (which must not exist yet). */
    public Uni<Path> download(String key, Path target) {
        return downloadTagged(key, target).replaceWith(target);
    }

    /**
     * Downloads the object into {@code target} (which must not exist yet) and answers its ETag, so a later
     * {@link #promote} copies exactly the bytes that were read.
     */
    public Uni<String> downloadTagged(String key, Path target) {
        return VertxContexts.resumeOnCaller(calls
                .time("GetObject", () -> s3.getObject(g -> g.bucket(config.s3().bucket()).key(key),
                        AsyncResponseTransformer.toFile(target)))
                .map(GetObjectResponse::eTag)
                .onFailure().transform(ArtifactStore::unavailable));
    }

    /**
     * Stages a file under the staging key of its hash, as a presigned PUT would. Used by uploads that stream through
     * the service.
     */
    public Uni<Void> stage(String sha256, Path source) {
        return VertxContexts
                .resumeOnCaller(calls
                        .time("PutObject",
                                () -> s3.putObject(p -> p.bucket(config.s3().bucket()).key(stagingKeyFor(sha256)),
                                        AsyncRequestBody.fromFile(source)))
                        .replaceWithVoid()
                        .onFailure().transform(ArtifactStore::unavailable));
    }

    /**
     * Moves verified bytes from staging to their artifact key: a server-side copy, then the staging object is deleted.
     * A concurrent promotion of the same hash (staging gone, artifact present) is success; staging and artifact both
     * missing is {@code ARTIFACT_NOT_UPLOADED}. S3 copies at most 5 GB in one request, above the largest artifact
     * accepted by default (DISTRIBUTOR_ARTIFACT_MAX_SIZE, 2G).
     */
    public Uni<Void> promote(String sha256, String verifiedETag) {
        String bucket = config.s3().bucket();
        return VertxContexts.resumeOnCaller(calls.time("CopyObject", () -> s3.copyObject(c -> c
                .sourceBucket(bucket).sourceKey(stagingKeyFor(sha256))
                // Staging keys are shared by hash: bytes PUT again since verification must not be kept.
                .copySourceIfMatch(verifiedETag)
                .destinationBucket(bucket).destinationKey(keyFor(sha256)))))
                .replaceWithVoid()
                .onFailure(e -> statusOf(e) == 412).transform(e -> new DistributorException(
                        ErrorCode.CHECKSUM_MISMATCH, "The upload of sha256 " + sha256 + " was replaced while it was "
                                + "being verified, so it was not kept; upload it again."))
                .onFailure(ArtifactStore::isMissing).recoverWithUni(() -> sizeOf(keyFor(sha256)).map(promoted -> {
                    if (promoted.isEmpty()) {
                        throw new DistributorException(ErrorCode.ARTIFACT_NOT_UPLOADED, "The upload of sha256 "
                                + sha256 + " left the store before it could be kept; upload it again.");
                    }
                    return null;
                }))
                .onFailure(e -> !(e instanceof DistributorException)).transform(ArtifactStore::unavailable)
                .chain(() -> delete(stagingKeyFor(sha256)));
    }

    /**
     * Deletes the staged uploads of these hashes, one at a time; a missing object is no error. Never fails: what
     * cannot be deleted now is logged and left to the staging sweep (or the bucket's lifecycle rule).
     */
    public Uni<Void> discardStaged(Collection<String> sha256s) {
        return Multi.createFrom().iterable(new LinkedHashSet<>(sha256s))
                .onItem().transformToUniAndConcatenate(sha -> delete(stagingKeyFor(sha))
                        .onFailure().invoke(e -> LOG.warnf("Staged upload %s was not deleted (%s); the staging "
                                + "sweep will remove it", stagingKeyFor(sha), e.getMessage()))
                        .onFailure().recoverWithNull())
                .collect().last()
                .replaceWithVoid();
    }

    /**
     * Deletes every staged upload last modified before {@code cutoff}: uploads no version verified, left behind by a
     * client that never called addPackageVersion or by a failure of the store. Lists the staging prefix page by page
     * (ListObjectsV2, 1000 keys a page) and deletes each page in one DeleteObjects call. Idempotent, so several
     * replicas may sweep at once.
     *
     * @return how many objects were deleted
     */
    public Uni<Integer> sweepStaging(Instant cutoff) {
        return sweepPage(null, cutoff, 0);
    }

    private Uni<Integer> sweepPage(String continuation, Instant cutoff, int deletedSoFar) {
        String bucket = config.s3().bucket();
        return VertxContexts.resumeOnCaller(calls.time("ListObjectsV2", () -> s3.listObjectsV2(l -> l.bucket(bucket)
                .prefix(STAGING_PREFIX)
                .continuationToken(continuation))))
                .onFailure().transform(ArtifactStore::unavailable)
                .chain(page -> {
                    List<ObjectIdentifier> expired = page.contents().stream()
                            .filter(o -> o.lastModified().isBefore(cutoff))
                            .map(o -> ObjectIdentifier.builder().key(o.key()).build())
                            .toList();
                    Uni<Integer> deleted = expired.isEmpty()
                            ? Uni.createFrom().item(0)
                            : VertxContexts.resumeOnCaller(calls
                                    .time("DeleteObjects", () -> s3.deleteObjects(d -> d.bucket(bucket)
                                            .delete(del -> del.objects(expired).quiet(true))))
                                    .map(response -> {
                                        response.errors().forEach(e -> LOG.warnf("Staged upload %s was not deleted: "
                                                + "%s", e.key(), e.message()));
                                        return expired.size() - response.errors().size();
                                    }))
                                    .onFailure().transform(ArtifactStore::unavailable);
                    return deleted.chain(n -> Boolean.TRUE.equals(page.isTruncated())
                            ? sweepPage(page.nextContinuationToken(), cutoff, deletedSoFar + n)
                            : Uni.createFrom().item(deletedSoFar + n));
                });
    }

    public Uni<Void> delete(String key) {
        return VertxContexts.resumeOnCaller(
                calls.time("DeleteObject", () -> s3.deleteObject(d -> d.bucket(config.s3().bucket()).key(key)))
                        .replaceWithVoid()
                        .onFailure().transform(ArtifactStore::unavailable));
    }

    private static int statusOf(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof S3Exception s3e ? s3e.statusCode() : 0;
    }

    /** A call's outcome for the timer: {@code not_found} is an answer (a missing key), {@code error} is not. */
    private static String outcomeOf(Throwable e) {
        return isMissing(e) ? "not_found" : statusOf(e) == 412 ? "precondition_failed" : "error";
    }

    private static boolean isMissing(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof NoSuchKeyException || (cause instanceof S3Exception s3e && s3e.statusCode() == 404);
    }

    private static Throwable unavailable(Throwable e) {
        if (e instanceof DistributorException) {
            return e;
        }
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        LOG.warn("Artifact store call failed", cause);
        return new DistributorException(ErrorCode.STORAGE_UNAVAILABLE,
                "The artifact store could not complete the request (" + cause.getClass().getSimpleName()
                        + "); try again, and check the S3 settings if it persists.");
    }
}
