package dev.distributor.fleet.domain;

import java.util.Map;
import java.util.Set;

/**
 * A target's attributes as a fleet event records them: what {@link TargetFilter} selects on, plus its name.
 *
 * @param online whether the liveness sweep last announced it online (lags the computed state by up to one sweep)
 * @param installed installed packages, name to version
 * @param broken the installed packages whose state is BROKEN
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
        Map<String, String> installed,
        Set<String> broken) {

    public TargetFacts {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        installed = installed == null ? Map.of() : Map.copyOf(installed);
        broken = broken == null ? Set.of() : Set.copyOf(broken);
    }

    /** With no broken package. */
    public TargetFacts(String name, String platform, String platformVersion, String arch, String account,
            String region, Map<String, String> tags, boolean online, Map<String, String> installed) {
        this(name, platform, platformVersion, arch, account, region, tags, online, installed, Set.of());
    }

    public TargetFacts withBroken(Set<String> other) {
        return new TargetFacts(name, platform, platformVersion, arch, account, region, tags, online, installed, other);
    }

    /** The state of an installed package (INSTALLED unless recorded BROKEN). */
    public InstalledPackageState stateOf(String packageName) {
        return broken.contains(packageName) ? InstalledPackageState.BROKEN : InstalledPackageState.INSTALLED;
    }

    public TargetFacts withTags(Map<String, String> other) {
        return new TargetFacts(name, platform, platformVersion, arch, account, region, other, online, installed,
                broken);
    }

    public TargetFacts withOnline(boolean other) {
        return new TargetFacts(name, platform, platformVersion, arch, account, region, tags, other, installed, broken);
    }

    public TargetFacts withInstalled(Map<String, String> other) {
        return new TargetFacts(name, platform, platformVersion, arch, account, region, tags, online, other, broken);
    }
}
