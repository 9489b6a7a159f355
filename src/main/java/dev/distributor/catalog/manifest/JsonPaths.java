package dev.distributor.catalog.manifest;

import java.util.regex.Pattern;

/** Builds the JSONPath-like locations used in {@link ManifestProblem}s. */
final class JsonPaths {

    static final String ROOT = "$";

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private JsonPaths() {
    }

    /** {@code $.files} for plain identifiers, {@code $.files['app.zip']} for anything else (dots, digits first). */
    static String child(String parent, String key) {
        if (PLAIN_IDENTIFIER.matcher(key).matches()) {
            return parent + "." + key;
        }
        return parent + "['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
