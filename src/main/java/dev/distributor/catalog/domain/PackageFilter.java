package dev.distributor.catalog.domain;

/**
 * Criteria for listing packages; null fields do not filter.
 *
 * @param tag {@code key=value} for an exact tag, or {@code key} for any package carrying that key
 */
public record PackageFilter(String namePrefix, String publisher, String tag) {

    public static final PackageFilter NONE = new PackageFilter(null, null, null);
}
