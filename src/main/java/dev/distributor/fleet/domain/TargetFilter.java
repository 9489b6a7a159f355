package dev.distributor.fleet.domain;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Criteria for selecting targets; null or empty fields do not filter, and every given field must match.
 *
 * <p>
 * {@link #matches} applies the same criteria in memory to the attributes a fleet event recorded; it must agree with
 * {@code TargetRepository}'s SQL on every field (TargetFilterMatchesTest). Two differences are by design: {@code online}
 * is the state the liveness sweep last announced (the SQL computes it from {@code last_seen} at query time), and
 * deregistration is no criterion (a deregistered target's last event matches on its attributes, so subscribers see
 * it leave).
 *
 * @param tags each {@code key=value} (exact) or {@code key} (present); all must match
 * @param online true for targets seen within the online cutoff, false for the others
 * @param hasPackage targets with this package installed ({@code hasPackageVersion} narrows to one version)
 * @param packageState targets with a package in this state: {@code hasPackage} if given, else any package
 */
public record TargetFilter(
        List<String> instanceIds,
        List<String> tags,
        List<String> platforms,
        String platformVersion,
        String arch,
        List<String> accounts,
        List<String> regions,
        Boolean online,
        String hasPackage,
        String hasPackageVersion,
        InstalledPackageState packageState) {

    public static final TargetFilter ALL = new TargetFilter(null, null, null, null, null, null, null, null, null, null);

    /** Without a package state criterion. */
    public TargetFilter(List<String> instanceIds, List<String> tags, List<String> platforms, String platformVersion,
            String arch, List<String> accounts, List<String> regions, Boolean online, String hasPackage,
            String hasPackageVersion) {
        this(instanceIds, tags, platforms, platformVersion, arch, accounts, regions, online, hasPackage,
                hasPackageVersion, null);
    }

    /** Whether the target {@code instanceId} with these attributes meets every given criterion. */
    public boolean matches(String instanceId, TargetFacts target) {
        return anyOf(instanceIds, instanceId)
                && (tags == null || tags.stream().allMatch(tag -> hasTag(target.tags(), tag)))
                && anyOf(platforms, target.platform())
                && (platformVersion == null || platformVersion.equals(target.platformVersion()))
                && (arch == null || arch.equals(target.arch()))
                && anyOf(accounts, target.account())
                && anyOf(regions, target.region())
                && (online == null || online == target.online())
                && hasInstalled(target.installed()) && hasInState(target);
    }

    /**
     * Whether a subscriber with this filter gets the event: the target matched just before or just after it, so a
     * subscriber sees targets both enter its selection (tagged, came online) and leave it (untagged, went offline).
     */
    public boolean admits(TargetEvent event) {
        return matches(event.instanceId(), event.target())
                || event.before().map(before -> matches(event.instanceId(), before)).orElse(false);
    }

    private static boolean anyOf(Collection<String> values, String value) {
        return values == null || values.isEmpty() || values.contains(value);
    }

    /** {@code key=value}: the key has exactly that value; {@code key}: the key is present (any value). */
    private static boolean hasTag(Map<String, String> tags, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return tags.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(tags.get(filter.substring(0, eq)));
    }

    /**
     * As the SQL: hasPackageVersion counts only with hasPackage (the API refuses it alone); both ignore case, as catalog
     * lookups do (docs/ROLLOUTS.md "Names and case").
     */
    private boolean hasInstalled(Map<String, String> installed) {
        if (hasPackage == null) {
            return true;
        }
        String name = installedName(installed);
        return name != null && (hasPackageVersion == null || hasPackageVersion.equalsIgnoreCase(installed.get(name)));
    }

    /** The installed package hasPackage names, as the host spells it; null when it has none. */
    private String installedName(Map<String, String> installed) {
        return installed.keySet().stream().filter(hasPackage::equalsIgnoreCase).findFirst().orElse(null);
    }

    /** As the SQL: a package (hasPackage, else any) recorded in packageState. */
    private boolean hasInState(TargetFacts target) {
        if (packageState == null) {
            return true;
        }
        if (hasPackage != null) {
            String name = installedName(target.installed());
            return name != null && target.stateOf(name) == packageState;
        }
        return target.installed().keySet().stream().anyMatch(name -> target.stateOf(name) == packageState);
    }
}
