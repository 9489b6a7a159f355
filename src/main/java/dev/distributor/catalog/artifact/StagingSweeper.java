package dev.distributor.catalog.artifact;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.work.StartupGate;

/**
 * Deletes uploads that stayed under {@code staging/} longer than DISTRIBUTOR_S3_STAGING_TTL (default 24 hours), every
 * DISTRIBUTOR_S3_STAGING_SWEEP (default 1 hour), for stores without a lifecycle rule on that prefix. Every replica
 * sweeps; deletes are idempotent, so no lock is needed. Refuses to start when the staging TTL is not longer than the
 * presigned URL lifetime (DISTRIBUTOR_S3_PRESIGN_TTL): the sweep could otherwise delete an upload its client is still
 * allowed to finish and name in a manifest.
 */
@ApplicationScoped
public class StagingSweeper {

    private static final Logger LOG = Logger.getLogger(StagingSweeper.class);

    private final ArtifactStore store;
    private final ArtifactConfig config;

    public StagingSweeper(ArtifactStore store, ArtifactConfig config) {
        this.store = store;
        this.config = config;
    }

    void checkSettings(@Observes StartupEvent start) {
        requireStagingOutlivesPresign(config.s3().stagingTtl(), config.s3().presignTtl());
    }

    /** Throws when {@code stagingTtl} is not longer than {@code presignTtl}; the message names both settings. */
    static void requireStagingOutlivesPresign(Duration stagingTtl, Duration presignTtl) {
        if (stagingTtl.compareTo(presignTtl) <= 0) {
            throw new IllegalStateException("DISTRIBUTOR_S3_STAGING_TTL (" + stagingTtl + ") must be longer than "
                    + "DISTRIBUTOR_S3_PRESIGN_TTL (" + presignTtl + "): the staging sweep would delete uploads whose "
                    + "presigned URL is still valid. Raise the staging TTL (default PT24H).");
        }
    }

    @Scheduled(skipExecutionIf = StartupGate.Closed.class, every = "${distributor.s3.staging-sweep}", delayed = "${distributor.s3.staging-sweep}", identity = "staging-sweep", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledSweep() {
        return sweep(Instant.now().minus(config.s3().stagingTtl()))
                .onFailure().invoke(e -> LOG.warn("Staging sweep failed; retrying at the next one", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Deletes every staged upload last modified before {@code cutoff}.
     *
     * @return how many objects were deleted
     */
    public Uni<Integer> sweep(Instant cutoff) {
        return store.sweepStaging(cutoff)
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("Staging sweep deleted %d upload(s) older than %s", deleted, cutoff);
                    }
                });
    }
}
