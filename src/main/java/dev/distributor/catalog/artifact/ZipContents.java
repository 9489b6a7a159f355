package dev.distributor.catalog.artifact;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a package zip holds, as far as installing it is concerned.
 *
 * @param scriptTexts the root scripts' text, each cut at {@link #MAX_SCRIPT_TEXT} characters
 */
public record ZipContents(int entryCount, long expandedSize, List<String> rootScripts,
        Map<String, String> scriptTexts) {

    /** Longest script text kept for reading through the API; longer ones are cut and flagged. */
    public static final int MAX_SCRIPT_TEXT = 256 * 1024;

    /** Scripts the agent looks for at a zip's root; anything else is payload. */
    public static final Set<String> KNOWN_SCRIPTS = Set.of(
            "install.sh", "uninstall.sh", "update.sh", "validate.sh",
            "install.ps1", "uninstall.ps1", "update.ps1", "validate.ps1");

    public boolean has(String script) {
        return rootScripts.contains(script);
    }
}
