package dev.distributor.catalog.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A manifest that passed {@link ManifestParser}'s rules when it came in (read back by {@link StoredManifest}). Maps
 * keep document order, because the order a publisher wrote is the order people expect to see in plans and listings.
 *
 * @param schemaVersion always {@code "2.0"} today
 * @param version the package version the manifest describes
 * @param publisher free text, or null when the manifest names none
 * @param packages platform -> platform version -> architecture -> file name
 * @param files file name -> lowercase sha256 hex
 * @param json the document exactly as submitted, unknown keys included, so it round-trips to AWS unchanged
 * @param warnings accepted oddities, such as a platform outside the known table
 */
public record Manifest(
        String schemaVersion,
        String version,
        String publisher,
        Map<String, Map<String, Map<String, String>>> packages,
        Map<String, String> files,
        String json,
        List<ManifestProblem> warnings) {

    public Manifest {
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(json, "json");
        packages = deepCopy(packages);
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        warnings = List.copyOf(warnings);
    }

    /** The platform keys (such as {@code ubuntu} or {@code _any}) with at least one entry naming this file. */
    public Set<String> platformsOf(String fileName) {
        Set<String> platforms = new LinkedHashSet<>();
        packages.forEach((platform, versions) -> {
            boolean references = versions.values()
                    .stream()
                    .anyMatch(architectures -> architectures.containsValue(fileName));
            if (references) {
                platforms.add(platform);
            }
        });
        return Collections.unmodifiableSet(platforms);
    }

    /** Every file some package entry names, in document order, each once. */
    public Set<String> referencedFiles() {
        Set<String> referenced = new LinkedHashSet<>();
        packages.values()
                .forEach(versions -> versions.values()
                        .forEach(architectures -> referenced.addAll(architectures.values())));
        return Collections.unmodifiableSet(referenced);
    }

    private static Map<String, Map<String, Map<String, String>>> deepCopy(
            Map<String, Map<String, Map<String, String>>> packages) {
        Map<String, Map<String, Map<String, String>>> platforms = new LinkedHashMap<>();
        packages.forEach((platform, versions) -> {
            Map<String, Map<String, String>> versionCopies = new LinkedHashMap<>();
            versions.forEach((version, architectures) -> versionCopies.put(version,
                    Collections.unmodifiableMap(new LinkedHashMap<>(architectures))));
            platforms.put(platform, Collections.unmodifiableMap(versionCopies));
        });
        return Collections.unmodifiableMap(platforms);
    }
}
