package dev.distributor.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3Proxy inside the failsafe JVM on a random loopback port, storing in a temporary folder, as the @QuarkusTests'
 * TestInfrastructure runs it; every service process of a test points at it. Its bucket exists from the start, so
 * replicas started at once do not race to create it. Closing stops it and deletes its files.
 * <p>
 * It answers CORS requests from any origin (as {@code s3proxy.cors-allow-all=true} in bin/lib/s3proxy.sh does): the
 * web console in ConsoleE2EIT PUTs uploads from the browser straight to the presigned URL, a cross-origin request.
 * S3ProxyJunitCore's builder has no CORS setting, hence S3Proxy's own builder here, set up as that class sets it up.
 */
final class ItS3 implements AutoCloseable {

    static final String ACCESS_KEY = "it-access";
    static final String SECRET_KEY = "it-secret";
    static final String BUCKET = "distributor-it";

    private final S3Proxy proxy;
    private final BlobStore store;
    private final Path folder;
    private final URI endpoint;

    private ItS3(S3Proxy proxy, BlobStore store, Path folder) {
        this.proxy = proxy;
        this.store = store;
        this.folder = folder;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** @throws IllegalStateException when S3Proxy does not start */
    static ItS3 start() {
        Path folder;
        try {
            folder = Files.createTempDirectory("S3Proxy");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", folder.toString());
        properties.setProperty("jclouds.identity", ACCESS_KEY);
        properties.setProperty("jclouds.credential", SECRET_KEY);
        BlobStore store = BlobStores.create("filesystem", properties);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                // Closing stops at once (teardown), as S3ProxyJunitCore does.
                .stopTimeout(0)
                // No arguments: every origin, method and header, as s3proxy.cors-allow-all.
                .corsRules(new CrossOriginResourceSharing())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        ItS3 s3;
        try {
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy is " + proxy.getState() + " after 30 s");
                }
                Thread.sleep(10);
            }
            s3 = new ItS3(proxy, store, folder);
        } catch (Exception e) {
            stopQuietly(proxy);
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        try (S3Client client = S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            client.createBucket(b -> b.bucket(BUCKET));
        } catch (RuntimeException e) {
            s3.close();
            throw new IllegalStateException("could not create bucket " + BUCKET + " in S3Proxy", e);
        }
        return s3;
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        stopQuietly(proxy);
        try {
            store.close();
        } catch (Exception ignored) {
            // Teardown: the folder goes next anyway.
        }
        try {
            MoreFiles.deleteRecursively(folder, RecursiveDeleteOption.ALLOW_INSECURE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete S3Proxy's folder " + folder, e);
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // Not started, or already stopped.
        }
    }
}
