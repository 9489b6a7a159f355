package dev.distributor.catalog.service;

import java.util.List;

/** A version just added through the service, with its verified files (ordered by name). */
public record CreatedVersion(VersionOf version, List<VersionFile> files) {
}
