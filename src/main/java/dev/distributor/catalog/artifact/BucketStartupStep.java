package dev.distributor.catalog.artifact;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import dev.distributor.common.work.StartupStep;

/**
 * Startup step "artifact bucket": the bucket (DISTRIBUTOR_S3_BUCKET) answers, and is created first when it is missing
 * and DISTRIBUTOR_S3_CREATE_BUCKET is true. Until it succeeds the replica is not ready; the
 * {@link dev.distributor.common.work.StartupGate} tries again, so an S3 endpoint that answers late is waited for rather
 * than failing the start. Each attempt waits at most {@value #ATTEMPT_SECONDS} s for an answer.
 */
@ApplicationScoped
public class BucketStartupStep implements StartupStep {

    static final long ATTEMPT_SECONDS = 10;

    private static final Logger LOG = Logger.getLogger(BucketStartupStep.class);

    private final S3AsyncClient s3;
    private final ArtifactConfig config;

    public BucketStartupStep(S3AsyncClient s3, ArtifactConfig config) {
        this.s3 = s3;
        this.config = config;
    }

    @Override
    public String name() {
        return "artifact bucket";
    }

    @Override
    public void run() throws Exception {
        String bucket = config.s3().bucket();
        try {
            s3.headBucket(b -> b.bucket(bucket)).get(ATTEMPT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            boolean missing = e.getCause() instanceof NoSuchBucketException
                    || e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 404;
            if (!missing) {
                throw e;
            }
            if (!config.s3().createBucket()) {
                throw new IllegalStateException("bucket " + bucket
                        + " does not exist: create it, or set DISTRIBUTOR_S3_CREATE_BUCKET=true");
            }
            LOG.infof("Creating bucket %s", bucket);
            s3.createBucket(b -> b.bucket(bucket)).get(ATTEMPT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
