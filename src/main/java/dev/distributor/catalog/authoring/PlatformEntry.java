package dev.distributor.catalog.authoring;

import dev.distributor.catalog.manifest.Platforms;

/**
 * One manifest entry a Simple creation package serves: hosts of this platform, platform version and architecture
 * get the generated zip.
 *
 * @param platform a manifest platform key such as {@code ubuntu}, or {@code _any}
 * @param platformVersion a manifest platform version key such as {@code 22.04} or {@code 8.*}; null means
 *        {@code _any}
 * @param arch {@code x86_64}, {@code 386}, {@code arm64} or {@code _any}
 */
public record PlatformEntry(String platform, String platformVersion, String arch) {

    public PlatformEntry {
        if (platformVersion == null) {
            platformVersion = Platforms.ANY;
        }
    }

    /** An entry for every version of the platform. */
    public PlatformEntry(String platform, String arch) {
        this(platform, Platforms.ANY, arch);
    }
}
