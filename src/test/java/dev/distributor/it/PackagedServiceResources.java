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
 * started against: the emptied IT database ({@link ItDatabase}) and the S3Proxy of the global test resource
 * {@link TestInfrastructure}, which Quarkus starts for integration tests too and whose endpoint and keys it passes on
 * itself. The map {@link #start} returns reaches the service as system properties, which its application.properties
 * reads like the DISTRIBUTOR_* environment variables of the same names. Local mode: the test calls from loopback.
 */
public class PackagedServiceResources implements QuarkusTestResourceLifecycleManager {

    static final String BUCKET = "distributor-packaged-it";

    @Override
    public Map<String, String> start() {
        ItDatabase.reset();
        return Map.of("DISTRIBUTOR_LOCAL_MODE", "true",
                "DISTRIBUTOR_DB_NAME", ItDatabase.name(),
                "DISTRIBUTOR_S3_PATH_STYLE", "true",
                "DISTRIBUTOR_S3_CREDENTIALS", "static",
                "DISTRIBUTOR_S3_BUCKET", BUCKET,
                "DISTRIBUTOR_S3_CREATE_BUCKET", "true");
    }

    @Override
    public void stop() {
        // The database stays for a look after a failure; the next IT class empties it.
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
