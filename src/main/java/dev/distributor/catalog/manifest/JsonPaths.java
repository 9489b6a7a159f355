package dev.distributor.catalog.manifest;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonStreamContext;

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

    /** Rebuilds the path of the key being read when Jackson stopped, innermost level last. */
    static String of(JsonStreamContext context) {
        Deque<JsonStreamContext> levels = new ArrayDeque<>();
        for (JsonStreamContext level = context; level != null && !level.inRoot(); level = level.getParent()) {
            levels.push(level);
        }
        String path = JsonPaths.ROOT;
        for (JsonStreamContext level : levels) {
            if (level.inObject() && level.getCurrentName() != null) {
                path = child(path, level.getCurrentName());
            } else if (level.inArray()) {
                path = JsonPaths.index(path, Math.max(level.getCurrentIndex(), 0));
            }
        }
        return path;
    }
}
