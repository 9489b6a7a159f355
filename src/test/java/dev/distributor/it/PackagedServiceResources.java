package dev.distributor.it;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What {@link PackagedServiceIT}'s packaged service (the runner jar here, the native executable in the users' CI) is
 * started against: the emptied IT database ({@link ItDatabase}) and an S3Proxy in the failsafe JVM ({@link ItS3}).
 * The map {@link #start} returns reaches the service as system properties, which its application.properties reads
 * like the DISTRIBUTOR_* environment variables of the same names. Local mode: the test calls from loopback.
 */
public class PackagedServiceResources implements QuarkusTestResourceLifecycleManager {

    private static volatile ItS3 s3;

    @Override
    public Map<String, String> start() {
        ItDatabase.reset();
        s3 = ItS3.start();
        return Map.of("DISTRIBUTOR_LOCAL_MODE", "true",
                "DISTRIBUTOR_DB_NAME", ItDatabase.name(),
                "DISTRIBUTOR_S3_ENDPOINT", s3.endpoint().toString(),
                "DISTRIBUTOR_S3_PATH_STYLE", "true",
                "DISTRIBUTOR_S3_CREDENTIALS", "static",
                "DISTRIBUTOR_S3_ACCESS_KEY", ItS3.ACCESS_KEY,
                "DISTRIBUTOR_S3_SECRET_KEY", ItS3.SECRET_KEY,
                "DISTRIBUTOR_S3_BUCKET", ItS3.BUCKET);
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }

    /** A client of the test's S3Proxy, to look at what the service stored; the caller closes it. */
    static S3Client bucketClient() {
        return S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ItS3.ACCESS_KEY, ItS3.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
