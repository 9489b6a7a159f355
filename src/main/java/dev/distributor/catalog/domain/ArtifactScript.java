package dev.distributor.catalog.domain;

/**
 * The text of a script found at an artifact's root, as stored for review.
 *
 * @param sha256 the artifact's content hash
 * @param name the script's file name at the artifact's root
 * @param content the script's text, cut at {@code ZipContents.MAX_SCRIPT_TEXT} characters
 * @param truncated true when the script was longer and {@code content} holds only its start
 */
public record ArtifactScript(String sha256, String name, String content, boolean truncated) {
}
