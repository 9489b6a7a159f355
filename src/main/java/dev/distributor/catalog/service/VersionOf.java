package dev.distributor.catalog.service;

import dev.distributor.catalog.domain.PackageEntity;
import dev.distributor.catalog.domain.PackageVersionEntity;

/** A version with its package, for answers that show both (is it the default?). */
public record VersionOf(PackageEntity pkg, PackageVersionEntity version) {
}
