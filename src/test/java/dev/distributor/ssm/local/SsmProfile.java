package dev.distributor.ssm.local;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The one profile of every Quarkus test of the SSM driver (each profile costs a restart): the SSM feature on, pointed
 * at a {@link LocalSsmEndpoint} ({@link LocalSsmEndpointResource}), with intervals, leases and backoffs short enough
 * for tests, many retries (tests throttle on purpose), and a publish bucket on the test S3.
 * Tests register instances with unique ids ({@link LocalSsmEndpoint#newManagedInstanceId()}): they share the endpoint.
 */
public class SsmProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "distributor.ssm.enabled", "true",
                "distributor.ssm.sync-interval", "1s",
                "distributor.ssm.poll-interval", "300ms",
                "distributor.ssm.send-lease", "5s",
                "distributor.ssm.retry.initial-backoff", "20ms",
                "distributor.ssm.retry.max-backoff", "300ms",
                "distributor.ssm.retry.attempts", "30",
                "distributor.ssm.publish.bucket", "aws-distributor-test",
                "distributor.ssm.account", "123456789012");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalSsmEndpointResource.class));
    }
}
