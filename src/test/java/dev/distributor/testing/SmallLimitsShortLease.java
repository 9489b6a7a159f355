package dev.distributor.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The one test profile for the catalog, agent and simulator tests that need settings other than %test's: upload limits
 * small enough to reach with test-sized zips (artifacts of at most 4 KiB, zips of at most 20 entries expanding to at
 * most 64 KiB), a 2 s agent lease, the file relay on, and lastSeen flushed only when a test asks (every hour).
 * <p>
 * Each distinct profile costs a Quarkus restart (and a cold JVM for the first test after it), so these overrides share
 * one: none of them gets in the way of a test using this profile for another. The limit tests touch no agent; the agent
 * tests place their small files straight in the bucket and never upload; nothing here reads lastSeen except the test
 * that flushes it itself.
 */
public class SmallLimitsShortLease implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("distributor.artifact.max-size", "4K", "distributor.zip.max-entries", "20",
                "distributor.zip.max-expanded-size", "64K", "distributor.agent.lease", "2s",
                "distributor.agent.file-relay", "true", "distributor.agent.last-seen-flush", "1h");
    }
}
