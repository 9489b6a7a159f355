package dev.distributor.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile with a 2 s lease, the file relay on, and lastSeen flushed only when a test asks (every hour). Shared by
 * every test that needs a short lease or the relay, so Quarkus starts once for all of them (each distinct profile costs
 * a restart).
 */
public class ShortLeaseRelayOnManualFlush implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("distributor.agent.lease", "2s", "distributor.agent.file-relay", "true",
                "distributor.agent.last-seen-flush", "1h");
    }
}
