package dev.distributor.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The one test profile for the catalog, agent, simulator and rollout tests that need settings other than %test's:
 * <ul>
 * <li>upload limits small enough to reach with test-sized zips (artifacts of at most 4 KiB, zips of at most 20 entries
 * expanding to at most 64 KiB);</li>
 * <li>a 2 s agent lease: a delivered command comes again 2 s after a lost answer;</li>
 * <li>the file relay on;</li>
 * <li>lastSeen flushed only when a test asks (every hour);</li>
 * <li>the engine gives up on a silent host 1 s past its script limits (report grace);</li>
 * <li>a tick drives at most two rollouts, so a test can show that none starves.</li>
 * </ul>
 * Each distinct profile costs a Quarkus build and restart (about 13 s), so these overrides share one: none of them gets
 * in the way of a test using this profile for another. The limit tests touch no agent; the agent tests place their
 * small files straight in the bucket and never upload, and the rollout tests' zips are far below 4 KiB; nothing here
 * reads lastSeen except the test that flushes it itself; the rollout tests that count ticks clear every rollout the
 * engine would drive first.
 */
public class SmallLimitsShortLease implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("distributor.artifact.max-size", "4K", "distributor.zip.max-entries", "20",
                "distributor.zip.max-expanded-size", "64K", "distributor.agent.lease", "2s",
                "distributor.agent.file-relay", "true", "distributor.agent.last-seen-flush", "1h",
                "distributor.rollout.report-grace", "1s", "distributor.rollout.rollouts-per-tick", "2");
    }
}
