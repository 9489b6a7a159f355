package dev.distributor.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile with upload limits small enough to reach with test-sized zips: artifacts of at most 4 KiB, zips of at
 * most 20 entries expanding to at most 64 KiB. One profile for every limit test, so Quarkus starts once for all of
 * them (each distinct profile costs a restart); the test zips stay within the limits the test is not about.
 */
public class SmallUploadLimits implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("distributor.artifact.max-size", "4K", "distributor.zip.max-entries", "20",
                "distributor.zip.max-expanded-size", "64K");
    }
}
