package dev.distributor.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the protocol's answers the way a shell agent does with {@code IFS='=' read -r key value}. */
final class KeyValues {

    private KeyValues() {
    }

    /**
     * One entry per {@code KEY=value} line; the value is the raw rest of the line (it may hold further {@code =}).
     * Lines without {@code =} are ignored, as a trailing carriage return is.
     */
    static Map<String, String> parse(String body) {
        if (body == null || body.isEmpty()) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : body.split("\n", -1)) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            values.putIfAbsent(line.substring(0, equals), line.substring(equals + 1));
        }
        return Collections.unmodifiableMap(values);
    }
}
