package dev.distributor.fleet.domain;

import java.util.Map;

/**
 * A target's attributes as a fleet event records them: what {@link TargetFilter} selects on, plus its name.
 *
 * @param online whether the liveness sweep last announced it online (lags the computed state by up to one sweep)
 * @param installed installed packages, name to version
 */
public record TargetFacts(
        String name,
        String platform,
        String platformVersion,
        String arch,
        String account,
        String region,
        Map<String, String> tags,
        boolean online,
        Map<String, String> installed) {

    public TargetFacts {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        installed = installed == null ? Map.of() : Map.copyOf(installed);
    }

    public TargetFacts withTags(Map<String, String> other) {
        return new TargetFacts(name, platform, platformVersion, arch, account, region, other, online, installed);
    }

    public TargetFacts withOnline(boolean other) {
        return new TargetFacts(name, platform, platformVersion, arch, account, region, tags, other, installed);
    }

    public TargetFacts withInstalled(Map<String, String> other) {
        return new TargetFacts(name, platform, platformVersion, arch, account, region, tags, online, other);
    }
}
