package dev.distributor.catalog.artifact;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where artifacts live and how far an uploaded zip is trusted. */
@ConfigMapping(prefix = "distributor")
public interface ArtifactConfig {

    S3 s3();

    Zip zip();

    Artifact artifact();

    interface S3 {
        /** Bucket holding artifacts under {@code artifacts/sha256/<hex>} and uploads under {@code staging/sha256/<hex>}. */
        @WithDefault("distributor")
        String bucket();

        /** Create the bucket at start when it is missing (local S3-compatible servers); off in production. */
        @WithDefault("false")
        boolean createBucket();

        /** How long presigned upload and download URLs stay valid. */
        @WithDefault("PT1H")
        Duration presignTtl();

        /**
         * How old an upload under {@code staging/} may grow before the staging sweep deletes it: bytes no version has
         * verified yet. Must be longer than {@link #presignTtl()}, or the service refuses to start.
         */
        @WithDefault("PT24H")
        Duration stagingTtl();

        /** How often each replica sweeps {@code staging/} for uploads older than {@link #stagingTtl()}. */
        @WithDefault("PT1H")
        Duration stagingSweep();
    }

    interface Zip {
        /** Most entries a package zip may hold; more is treated as a zip bomb. */
        @WithDefault("10000")
        int maxEntries();

        /** Most bytes a package zip may expand to; counted while inflating, never trusted from headers. */
        @WithDefault("1G")
        MemorySize maxExpandedSize();
    }

    interface Artifact {
        /** Largest artifact accepted for upload. */
        @WithDefault("2G")
        MemorySize maxSize();
    }
}
