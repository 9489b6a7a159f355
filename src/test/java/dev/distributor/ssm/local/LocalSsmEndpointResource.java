package dev.distributor.ssm.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts one {@link LocalSsmEndpoint} (sandboxes under {@code target/ssm-sandboxes}, emptied first) for the Quarkus
 * tests of {@link SsmProfile}, and points the application's SSM client at it with static credentials. Tests reach it
 * through {@link #endpoint()}.
 */
public class LocalSsmEndpointResource implements QuarkusTestResourceLifecycleManager {

    /** The credentials the application signs with (the endpoint checks a SigV4 header is there, not the signature). */
    public static final String ACCESS_KEY = "ssm-test-access";
    public static final String SECRET_KEY = "ssm-test-secret";

    private static volatile LocalSsmEndpoint endpoint;

    /** The running endpoint (between start and stop of the resource). */
    public static LocalSsmEndpoint endpoint() {
        LocalSsmEndpoint running = endpoint;
        if (running == null) {
            throw new IllegalStateException("no local SSM endpoint runs: use @TestProfile(SsmProfile.class)");
        }
        return running;
    }

    @Override
    public Map<String, String> start() {
        Path root = Path.of("target", "ssm-sandboxes");
        deleteTree(root);
        endpoint = LocalSsmEndpoint.start(root);
        return Map.of(
                "quarkus.ssm.endpoint-override", endpoint.uri().toString(),
                "quarkus.ssm.aws.region", LocalSsmEndpoint.REGION,
                "quarkus.ssm.aws.credentials.type", "static",
                "quarkus.ssm.aws.credentials.static-provider.access-key-id", ACCESS_KEY,
                "quarkus.ssm.aws.credentials.static-provider.secret-access-key", SECRET_KEY);
    }

    @Override
    public void stop() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + root, e);
        }
    }
}
