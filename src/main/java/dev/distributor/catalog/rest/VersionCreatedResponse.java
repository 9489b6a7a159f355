package dev.distributor.catalog.rest;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

import dev.distributor.catalog.manifest.ManifestProblem;
import dev.distributor.catalog.manifest.StoredManifest;
import dev.distributor.catalog.service.CreatedVersion;

/**
 * What the REST endpoints answer after adding a version.
 *
 * @param warnings the same manifest warnings GraphQL's {@code PackageVersion.warnings} gives ({@code jsonPath: text}),
 *        such as a platform outside AWS's table; they never block
 */
@RegisterForReflection
public record VersionCreatedResponse(String packageName, String version, String state, List<File> files,
        List<String> warnings) {

    /** A file of the version: its manifest name, its content hash and its size in bytes. */
    @RegisterForReflection
    public record File(String name, String sha256, long size) {
    }

    static VersionCreatedResponse of(CreatedVersion created) {
        var v = created.version();
        return new VersionCreatedResponse(v.pkg().name, v.version().version, v.version().state.name(),
                created.files().stream()
                        .map(f -> new File(f.name(), f.artifact().sha256, f.artifact().size))
                        .toList(),
                StoredManifest.read(v.version().manifest).warnings().stream()
                        .map(ManifestProblem::toString)
                        .toList());
    }
}
