package dev.distributor.catalog.artifact;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.domain.ArtifactEntity;
import dev.distributor.common.VertxContexts;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * Turns an upload into a trusted artifact: reads it from staging ({@code staging/sha256/<hex>}) once, checks its hash
 * and size, and inspects the zip. It never reads {@code artifacts/}: an object there without an artifact row was not
 * verified by this service and is not trusted. An upload whose bytes do not match the hash in its key is deleted,
 * since no manifest can ever name it correctly. Raises ARTIFACT_NOT_UPLOADED, ZIP_TOO_LARGE, CHECKSUM_MISMATCH, the
 * zip inspector's codes and STORAGE_UNAVAILABLE, each with the manifest's {@code jsonPath}. Promotion to
 * {@code artifacts/} is the caller's step ({@link ArtifactStore#promote}), once the whole version passed.
 */
@ApplicationScoped
public class ArtifactVerifier {

    private final ArtifactStore store;
    private final ArtifactConfig config;
    private final ZipInspector inspector;

    public ArtifactVerifier(ArtifactStore store, ArtifactConfig config) {
        this.store = store;
        this.config = config;
        this.inspector = new ZipInspector(config.zip().maxEntries(), config.zip().maxExpandedSize().asLongValue());
    }

    /**
     * @param fileName the manifest name, used in messages
     * @param jsonPath where the manifest names the file, reported with errors
     */
    /**
     * A verified upload: the artifact row to write, and the staged object's ETag, which promotion insists on.
     */
    public record Verified(ArtifactEntity artifact, String stagedETag) {
    }

    /**
     * A span of its own: the download from staging shows as an S3 span, the hashing and zip inspection around it
     * only as this span's time.
     */
    @WithSpan("ArtifactVerifier.verify")
    public Uni<Verified> verify(String fileName, @SpanAttribute("artifact.sha256") String sha256, String jsonPath) {
        String key = ArtifactStore.stagingKeyFor(sha256);
        return store.sizeOf(key).chain(size -> {
            if (size.isEmpty()) {
                return Uni.createFrom().failure(new DistributorException(ErrorCode.ARTIFACT_NOT_UPLOADED,
                        "File '" + fileName + "' (sha256 " + sha256 + ") has not been uploaded. Call "
                                + "requestArtifactUpload and PUT the bytes to the returned URL first.",
                        Map.of("jsonPath", jsonPath)));
            }
            long max = config.artifact().maxSize().asLongValue();
            if (size.get() > max) {
                return Uni.createFrom().failure(new DistributorException(ErrorCode.ZIP_TOO_LARGE,
                        "File '" + fileName + "' is " + size.get() + " bytes; the limit is " + max + ".",
                        Map.of("jsonPath", jsonPath)));
            }
            return withTempFile(fileName, path -> store.downloadTagged(key, path)
                    .chain(eTag -> VertxContexts.blocking(() -> inspect(path, fileName, sha256))
                            .map(contents -> new Verified(
                                    toArtifact(sha256, ArtifactStore.keyFor(sha256), size.get(), contents), eTag)))
                    .onFailure(DistributorException.class)
                    .call(e -> ((DistributorException) e).code() == ErrorCode.CHECKSUM_MISMATCH
                            ? store.delete(key)
                            : Uni.createFrom().voidItem())
                    .onFailure(DistributorException.class)
                    .transform(e -> withPath((DistributorException) e, jsonPath)));
        });
    }

    private ZipContents inspect(Path file, String fileName, String expectedSha256) {
        String actual = Hashing.sha256Of(file);
        if (!actual.equals(expectedSha256)) {
            throw new DistributorException(ErrorCode.CHECKSUM_MISMATCH, "File '" + fileName
                    + "' does not match its checksum: the manifest says " + expectedSha256 + " but the uploaded "
                    + "bytes hash to " + actual + ". The upload was discarded; upload the right file again.");
        }
        return inspector.inspect(file, fileName);
    }

    private static ArtifactEntity toArtifact(String sha256, String key, long size, ZipContents contents) {
        var artifact = new ArtifactEntity();
        artifact.sha256 = sha256;
        artifact.s3Key = key;
        artifact.size = size;
        artifact.entryCount = contents.entryCount();
        artifact.expandedSize = contents.expandedSize();
        artifact.rootScripts = contents.rootScripts();
        artifact.scriptTexts = contents.scriptTexts();
        return artifact;
    }

    private static DistributorException withPath(DistributorException e, String jsonPath) {
        if (e.details().containsKey("jsonPath")) {
            return e;
        }
        var details = new java.util.LinkedHashMap<String, Object>(e.details());
        details.put("jsonPath", jsonPath);
        return new DistributorException(e.code(), e.getMessage(), details);
    }

    private static <T> Uni<T> withTempFile(String fileName, java.util.function.Function<Path, Uni<T>> work) {
        return VertxContexts.blocking(() -> Files.createTempDirectory("distributor-verify-"))
                .chain(dir -> work.apply(dir.resolve("artifact.zip"))
                        .onTermination().call(() -> VertxContexts.blocking(() -> Hashing.deleteTree(dir))));
    }
}
