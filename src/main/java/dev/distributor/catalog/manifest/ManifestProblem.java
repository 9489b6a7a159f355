package dev.distributor.catalog.manifest;

/**
 * One thing wrong with (or worth a second look in) a manifest, located by a JSONPath-like expression such as
 * {@code $.packages.ubuntu['20.04'].x86_64.file}, so a publisher can find it in the document they submitted.
 */
public record ManifestProblem(String jsonPath, String message) {

    @Override
    public String toString() {
        return jsonPath + ": " + message;
    }
}
