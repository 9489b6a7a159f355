package dev.distributor.ssm.publish.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import software.amazon.awssdk.services.s3.S3AsyncClient;

import dev.distributor.catalog.artifact.ArtifactConfig;
import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.common.VertxContexts;

/**
 * Copies a version's files from the artifact store ({@code artifacts/sha256/<hex>}) to the bucket AWS Distributor reads,
 * under their manifest names: S3 CopyObject, a server-side copy (the bytes never pass through the service), one file
 * at a time. Copying again writes the same bytes, so a resumed attempt simply copies everything again. S3 copies up to
 * 5 GB in one request, above the largest artifact the store accepts by default (2G).
 */
@ApplicationScoped
public class PackageFileCopier {

    static final String OPERATION = "S3 CopyObject";

    private final S3AsyncClient s3;
    private final ArtifactConfig artifacts;

    public PackageFileCopier(S3AsyncClient s3, ArtifactConfig artifacts) {
        this.s3 = s3;
        this.artifacts = artifacts;
    }

    /** A file of the version: its manifest name and the hash its artifact is stored under. */
    public record FileToCopy(String fileName, String sha256) {
    }

    /**
     * Copies every file to {@code bucket} under {@code keyPrefix/<file name>}.
     *
     * @throws FailedCall.Failure naming the file's copy, as a failed {@link Uni}, on the first refusal
     */
    public Uni<Void> copy(List<FileToCopy> files, String bucket, String keyPrefix) {
        return Multi.createFrom().iterable(files)
                .onItem().transformToUniAndConcatenate(file -> copyOne(file, bucket, keyPrefix + "/" + file.fileName()))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> copyOne(FileToCopy file, String bucket, String key) {
        return VertxContexts.resumeOnCaller(Uni.createFrom()
                .completionStage(() -> s3.copyObject(c -> c
                        .sourceBucket(artifacts.s3().bucket())
                        .sourceKey(ArtifactStore.keyFor(file.sha256()))
                        .destinationBucket(bucket)
                        .destinationKey(key))))
                .replaceWithVoid()
                .onFailure().transform(e -> {
                    FailedCall failed = FailedCall.ofS3(OPERATION, e);
                    return new FailedCall.Failure(new FailedCall(OPERATION, failed.code(), failed.message() + " ("
                            + file.fileName() + ", sha256 " + file.sha256() + ", to s3://" + bucket + "/" + key + ")"),
                            e);
                });
    }
}
