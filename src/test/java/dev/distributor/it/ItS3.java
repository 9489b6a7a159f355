package dev.distributor.it;

import java.net.URI;

import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3Proxy inside the failsafe JVM on a random loopback port, storing in a temporary folder, as the @QuarkusTests'
 * TestInfrastructure runs it; every service process of a test points at it. Its bucket exists from the start, so
 * replicas started at once do not race to create it. Closing stops it and deletes its files.
 */
final class ItS3 implements AutoCloseable {

    static final String ACCESS_KEY = "it-access";
    static final String SECRET_KEY = "it-secret";
    static final String BUCKET = "distributor-it";

    private final S3ProxyJunitCore proxy;

    private ItS3(S3ProxyJunitCore proxy) {
        this.proxy = proxy;
    }

    /** @throws IllegalStateException when S3Proxy does not start */
    static ItS3 start() {
        S3ProxyJunitCore proxy = new S3ProxyJunitCore.Builder()
                .withCredentials(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .withBlobStoreProvider("filesystem")
                .build();
        try {
            proxy.beforeEach();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(proxy.getUri())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            s3.createBucket(b -> b.bucket(BUCKET));
        } catch (RuntimeException e) {
            proxy.afterEach();
            throw new IllegalStateException("could not create bucket " + BUCKET + " in S3Proxy", e);
        }
        return new ItS3(proxy);
    }

    URI endpoint() {
        return proxy.getUri();
    }

    @Override
    public void close() {
        proxy.afterEach();
    }
}
