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
        return Map.ofEntries(
                Map.entry("distributor.ssm.enabled", "true"),
                Map.entry("distributor.ssm.sync-interval", "1s"),
                Map.entry("distributor.ssm.poll-interval", "300ms"),
                Map.entry("distributor.ssm.send-lease", "20s"),
                Map.entry("distributor.ssm.send-call-timeout", "5s"),
                Map.entry("distributor.ssm.retry.initial-backoff", "20ms"),
                Map.entry("distributor.ssm.retry.max-backoff", "300ms"),
                Map.entry("distributor.ssm.retry.attempts", "30"),
                Map.entry("distributor.ssm.publish.bucket", "aws-distributor-test"),
                Map.entry("distributor.ssm.account", "123456789012"),
                // SsmConfig.Publish.documentPrefix() is a String defaulting to "", which SmallRye reads as missing
                // and refuses at boot; a value of our own keeps the boot independent of that (and test documents
                // recognisable).
                Map.entry("distributor.ssm.publish.document-prefix", "distributor-test-"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalSsmEndpointResource.class));
    }
}
