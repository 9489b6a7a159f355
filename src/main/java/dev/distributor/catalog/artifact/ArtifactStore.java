package dev.distributor.catalog.artifact;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import dev.distributor.common.VertxContexts;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * Content-addressed artifact storage on S3: a file's key is {@code artifacts/sha256/<hex>}, so identical files are
 * stored once whatever versions name them. Every call is asynchronous; nothing here blocks the event loop.
 */
@ApplicationScoped
public class ArtifactStore {

    private static final Logger LOG = Logger.getLogger(ArtifactStore.class);

    private final S3AsyncClient s3;
    private final S3Presigner presigner;
    private final ArtifactConfig config;

    public ArtifactStore(S3AsyncClient s3, S3Presigner presigner, ArtifactConfig config) {
        this.s3 = s3;
        this.presigner = presigner;
        this.config = config;
    }

    public static String keyFor(String sha256) {
        return "artifacts/sha256/" + sha256;
    }

    /** A signed request a client sends as is: the method, URL and headers that must accompany the body. */
    public record PresignedRequest(String method, URL url, Map<String, List<String>> headers, Instant expiresAt) {
    }

    void createBucketWhenAsked(@Observes StartupEvent start) {
        if (!config.s3().createBucket()) {
            return;
        }
        String bucket = config.s3().bucket();
        // Startup may block: it runs once, before traffic, and a missing bucket must fail the start loudly.
        try {
            s3.headBucket(b -> b.bucket(bucket)).join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof NoSuchBucketException)
                    && !(e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 404)) {
                throw e;
            }
            LOG.infof("Creating bucket %s", bucket);
            s3.createBucket(b -> b.bucket(bucket)).join();
        }
    }

    /** Succeeds when the bucket answers; used by the readiness check. */
    public Uni<Void> ping() {
        return VertxContexts.resumeOnCaller(Uni.createFrom()
                .completionStage(() -> s3.headBucket(b -> b.bucket(config.s3().bucket())))
                .replaceWithVoid());
    }

    /** A presigned PUT for the artifact with this hash; the signature binds the content length. */
    public PresignedRequest presignUpload(String sha256, long size) {
        var presigned = presigner.presignPutObject(p -> p
                .signatureDuration(config.s3().presignTtl())
                .putObjectRequest(o -> o.bucket(config.s3().bucket()).key(keyFor(sha256)).contentLength(size)));
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
        return VertxContexts.resumeOnCaller(Uni.createFrom()
                .completionStage(() -> s3.headObject(h -> h.bucket(config.s3().bucket()).key(key)))
                .map(head -> Optional.of(head.contentLength()))
                .onFailure(ArtifactStore::isMissing).recoverWithItem(Optional.empty())
                .onFailure(e -> !(e instanceof DistributorException)).transform(ArtifactStore::unavailable));
    }

    /** Downloads the object into {@code target} (which must not exist yet). */
    public Uni<Path> download(String key, Path target) {
        return VertxContexts.resumeOnCaller(Uni.createFrom()
                .completionStage(() -> s3.getObject(g -> g.bucket(config.s3().bucket()).key(key),
                        AsyncResponseTransformer.toFile(target)))
                .replaceWith(target)
                .onFailure().transform(ArtifactStore::unavailable));
    }

    /** Stores a file under the key derived from its hash. Used by uploads that stream through the service. */
    public Uni<Void> upload(String sha256, Path source) {
        return VertxContexts.resumeOnCaller(Uni.createFrom()
                .completionStage(() -> s3.putObject(p -> p.bucket(config.s3().bucket()).key(keyFor(sha256)),
                        AsyncRequestBody.fromFile(source)))
                .replaceWithVoid()
                .onFailure().transform(ArtifactStore::unavailable));
    }

    public Uni<Void> delete(String key) {
        return VertxContexts.resumeOnCaller(Uni.createFrom()
                .completionStage(() -> s3.deleteObject(d -> d.bucket(config.s3().bucket()).key(key)))
                .replaceWithVoid()
                .onFailure().transform(ArtifactStore::unavailable));
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
