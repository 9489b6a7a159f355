package dev.distributor.fleet.domain;

import java.util.List;

/**
 * Criteria for selecting targets; null or empty fields do not filter, and every given field must match.
 *
 * @param tags each {@code key=value} (exact) or {@code key} (present); all must match
 * @param online true for targets seen within the online cutoff, false for the others
 * @param hasPackage targets with this package installed ({@code hasPackageVersion} narrows to one version)
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
        String hasPackageVersion) {

    public static final TargetFilter ALL = new TargetFilter(null, null, null, null, null, null, null, null, null, null);
}
