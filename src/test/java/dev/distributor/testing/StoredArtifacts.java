package dev.distributor.testing;

import io.quarkus.arc.Arc;

import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

import dev.distributor.catalog.artifact.ArtifactConfig;
import dev.distributor.catalog.artifact.ArtifactStore;

/**
 * Puts bytes straight under {@code artifacts/sha256/<hex>}, behind the service's back, for agent tests that queue
 * commands by hash: they exercise the agent's own checks (hash, zip slip, scripts) on whatever the store serves,
 * including bytes the catalog would refuse. Catalog tests upload through {@link Catalog} instead.
 */
public final class StoredArtifacts {

    private StoredArtifacts() {
    }

    /** Stores the bytes under their own hash; returns it. */
    public static String place(byte[] bytes) {
        String sha256 = Zips.sha256(bytes);
        placeAs(bytes, sha256);
        return sha256;
    }

    /** Stores the bytes under the key of {@code claimedSha256}, which may not be their hash. */
    public static void placeAs(byte[] bytes, String claimedSha256) {
        String bucket = Arc.container().instance(ArtifactConfig.class).get().s3().bucket();
        Arc.container().instance(S3AsyncClient.class).get()
                .putObject(p -> p.bucket(bucket).key(ArtifactStore.keyFor(claimedSha256)),
                        AsyncRequestBody.fromBytes(bytes))
                .join();
    }
}
