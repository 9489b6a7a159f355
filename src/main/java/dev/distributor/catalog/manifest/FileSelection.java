package dev.distributor.catalog.manifest;

/**
 * The outcome of {@link FileSelector#select}: the chosen file, the key picked at each level (null from the level
 * that missed on), and a sentence a person can read in a plan to see why a host gets this file or none.
 *
 * @param file the file name, or null when the target gets no file
 * @param sha256 the file's lowercase sha256 from the manifest, or null with no file
 */
public record FileSelection(
        String file,
        String sha256,
        String platformKey,
        String platformVersionKey,
        String archKey,
        String reason) {

    public boolean found() {
        return file != null;
    }
}
