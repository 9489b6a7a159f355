package dev.distributor.catalog.service;

import dev.distributor.catalog.domain.ArtifactEntity;

/** A file of a version: its manifest name and the verified artifact behind it. */
public record VersionFile(long versionId, String name, ArtifactEntity artifact) {
}
