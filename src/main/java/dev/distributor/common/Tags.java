package dev.distributor.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.Texts;
import dev.distributor.common.graphql.TagInput;

/** Key/value tags on packages and targets: one set of rules, checked in one place. */
public final class Tags {

    public static final int MAX_TAGS = 50;

    private Tags() {
    }

    /** Checks keys and values; returns an ordered copy. */
    public static Map<String, String> check(String field, Map<String, String> tags) {
        if (tags == null) {
            return new LinkedHashMap<>();
        }
        if (tags.size() > MAX_TAGS) {
            throw DistributorException.invalidInput(field, "At most " + MAX_TAGS + " tags are allowed.");
        }
        tags.forEach((key, value) -> {
            checkKey(field, key);
            if (value == null) {
                throw DistributorException.invalidInput(field, "Tag '" + key + "' needs a value.");
            }
            Texts.oneLine(field, value, 256);
        });
        return new LinkedHashMap<>(tags);
    }

    public static String checkKey(String field, String key) {
        if (key == null || !key.matches("[A-Za-z0-9_.:/+@-]{1,128}")) {
            throw DistributorException.invalidInput(field, "Tag key '" + key
                    + "' must be 1 to 128 letters, digits or _ . : / + @ -.");
        }
        return key;
    }

    /**
     * A tag filter, {@code key=value} (exact) or {@code key} (present), checked by the same rules as tags so nothing
     * malformed reaches a query.
     */
    public static String checkFilter(String field, String filter) {
        if (filter == null) {
            return null;
        }
        int eq = filter.indexOf('=');
        if (eq < 0) {
            checkKey(field, filter);
        } else {
            checkKey(field, filter.substring(0, eq));
            Texts.oneLine(field, filter.substring(eq + 1), 256);
        }
        return filter;
    }

    /** GraphQL tag inputs to a map, refusing a key given twice. */
    public static Map<String, String> fromInputs(String field, List<TagInput> inputs) {
        var map = new LinkedHashMap<String, String>();
        if (inputs != null) {
            for (TagInput t : inputs) {
                if (map.put(t.key(), t.value()) != null) {
                    throw DistributorException.invalidInput(field, "Tag key '" + t.key() + "' is given twice.");
                }
            }
        }
        return check(field, map);
    }
}
