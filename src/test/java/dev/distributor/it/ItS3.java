package dev.distributor.it;

import java.net.URI;

import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;

/**
 * An S3Proxy inside the failsafe JVM on a random loopback port, storing in a temporary folder, as the @QuarkusTests'
 * TestInfrastructure runs it; every service process of a test points at it. Closing stops it and deletes its files.
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
