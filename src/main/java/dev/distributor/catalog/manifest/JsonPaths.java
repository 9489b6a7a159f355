package dev.distributor.catalog.manifest;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonStreamContext;

import dev.distributor.common.error.Texts;

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
        var quoted = new StringBuilder(parent).append("['");
        for (char c : key.toCharArray()) {
            if (c == '\\' || c == '\'') {
                quoted.append('\\').append(c);
            } else if (Texts.isRefused(c, Texts.Lines.ONE) || Character.isSurrogate(c)) {
                // The path is shown to people and logged: a control in it would do what the key was refused for.
                quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append("']").toString();
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
