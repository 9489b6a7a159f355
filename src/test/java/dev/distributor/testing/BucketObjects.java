package dev.distributor.testing;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.arc.Arc;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import dev.distributor.catalog.artifact.ArtifactConfig;

/**
 * What the test bucket holds, read through the production S3 client (the one the service uses, pointed at
 * S3Proxy). For assertions such as "a refused upload leaves no object". Call from any @QuarkusTest.
 */
public final class BucketObjects {

    private BucketObjects() {
    }

    /** Every key in the test bucket, sorted. */
    public static List<String> keys() {
        return keys("");
    }

    /** Every key in the test bucket that starts with {@code prefix}, sorted. */
    public static List<String> keys(String prefix) {
        S3AsyncClient s3 = Arc.container().instance(S3AsyncClient.class).get();
        String bucket = Arc.container().instance(ArtifactConfig.class).get().s3().bucket();
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = s3.listObjectsV2(l -> l.bucket(bucket)
                    .prefix(prefix)
                    .continuationToken(continuation))
                    .join();
            page.contents().stream().map(S3Object::key).forEach(keys::add);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        keys.sort(null);
        return keys;
    }
}
