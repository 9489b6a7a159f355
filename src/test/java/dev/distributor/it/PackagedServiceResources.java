package dev.distributor.it;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import dev.distributor.testing.TestInfrastructure;

/**
 * What {@link PackagedServiceIT}'s packaged service (the runner jar here, the native executable in the users' CI) is
 * started against: a database of its own ({@link #DATABASE}) and the S3Proxy of the global test resource
 * {@link TestInfrastructure}, which Quarkus starts for integration tests too and whose endpoint and keys it passes on
 * itself. The map {@link #start} returns reaches the service as system properties, which its application.properties
 * reads like the DISTRIBUTOR_* environment variables of the same names. Local mode: the test calls from loopback.
 */
public class PackagedServiceResources implements QuarkusTestResourceLifecycleManager {

    static final String BUCKET = "distributor-packaged-it";

    /**
     * The IT database's name with {@code _packaged}, created when missing. Not the IT database: Quarkus keeps the jar
     * it started for this class running until the whole failsafe run ends, so there it was a third replica inside
     * every later IT (TwoReplicasIT counted its LISTEN connection, and its engine drove SsmCrashIT's run without an SSM
     * driver). Not the surefire tests' database either, so both suites can run at once (two shells).
     */
    static final String DATABASE = ItDatabase.name() + "_packaged";

    @Override
    public Map<String, String> start() {
        TestInfrastructure.ensureDatabase(DATABASE);
        return Map.of("DISTRIBUTOR_LOCAL_MODE", "true",
                "DISTRIBUTOR_DB_NAME", DATABASE,
                "DISTRIBUTOR_S3_PATH_STYLE", "true",
                "DISTRIBUTOR_S3_CREDENTIALS", "static",
                "DISTRIBUTOR_S3_BUCKET", BUCKET,
                "DISTRIBUTOR_S3_CREATE_BUCKET", "true");
    }

    @Override
    public void stop() {
        // The database stays for a look after a failure.
    }

    /** A client of the S3Proxy the service stores in, to look at what it stored; the caller closes it. */
    static S3Client bucketClient() {
        return S3Client.builder()
                .endpointOverride(TestInfrastructure.s3Uri().orElseThrow())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestInfrastructure.ACCESS_KEY, TestInfrastructure.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
