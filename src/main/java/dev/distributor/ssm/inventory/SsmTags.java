package dev.distributor.ssm.inventory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import dev.distributor.common.error.Texts;

/**
 * Which tags of a synced target are SSM's and which an operator's. SSM's tags (ListTagsForResource) are copied onto
 * the target at each sync and remembered as {@code ssm_instance.synced_tags}; the next sync first takes the
 * remembered keys off the target, then puts SSM's current tags on. So a key removed in SSM leaves the target, a key
 * changed in SSM changes it, and tags an operator set with tagTargets stay, unless SSM has the same key, whose value
 * SSM's wins (it is written again at every sync). Pure.
 */
public final class SsmTags {

    /** The instance tag that gives the arch, which DescribeInstanceInformation does not. */
    public static final String ARCH_TAG = "distributor:arch";

    /** The tag keys a target may hold (common.Tags); AWS allows more (spaces, '='), which tag filters cannot name. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:/+@-]{1,128}");

    private SsmTags() {
    }

    /**
     * The target's new tags: {@code current} minus the keys in {@code previouslySynced}, plus {@code fromSsm}. Order:
     * the operator's kept tags first, then SSM's in its order.
     */
    public static Map<String, String> merge(Map<String, String> current, Map<String, String> previouslySynced,
            Map<String, String> fromSsm) {
        Map<String, String> merged = new LinkedHashMap<>(current);
        previouslySynced.keySet().forEach(merged::remove);
        fromSsm.forEach((key, value) -> {
            merged.remove(key);
            merged.put(key, value);
        });
        return merged;
    }

    /**
     * The SSM tags a target can hold under the fleet's tag rules (common.Tags: keys of 1 to 128 letters, digits or
     * {@code _ . : / + @ -}, one-line values up to 256 characters); others are dropped, as a deployment selector could
     * not name them anyway.
     */
    public static Map<String, String> usable(Map<String, String> fromSsm) {
        Map<String, String> usable = new LinkedHashMap<>();
        fromSsm.forEach((key, value) -> {
            if (key != null && KEY.matcher(key).matches() && value != null && value.length() <= 256
                    && Texts.firstRefused(value, Texts.Lines.ONE).isEmpty()) {
                usable.put(key, value);
            }
        });
        return usable;
    }
}
