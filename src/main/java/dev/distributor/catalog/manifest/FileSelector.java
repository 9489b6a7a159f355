package dev.distributor.catalog.manifest;

import static dev.distributor.catalog.manifest.Platforms.ANY;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Picks the file a host installs, the way the AWS SSM agent does (DESIGN.md §3), so a package resolves to the same
 * file here and on AWS. Each level (platform, platform version, architecture) picks one key and descends; a miss is
 * final: no other key is retried, even one that would have led to a file.
 */
public final class FileSelector {

    private static final String NANO = "nano";
    private static final String PREFIX_WILDCARD = ".*";
    private static final String STAR = "*";
    private static final String NO_BACKTRACKING = " (keys chosen at earlier levels are never revisited)";

    private FileSelector() {
    }

    private record Choice(String key, String description) {
    }

    /**
     * @param platform the host's platform code, already mapped with {@link Platforms#normalizePlatform}
     * @param platformVersion the host's os-release {@code VERSION_ID} (Windows: the version, plus {@code nano} on
     *        Nano Server)
     * @param arch the host's architecture, already mapped with {@link Platforms#normalizeArch}
     */
    public static FileSelection select(Manifest manifest, String platform, String platformVersion, String arch) {
        String targetPlatform = Objects.requireNonNullElse(platform, "");
        String targetVersion = Objects.requireNonNullElse(platformVersion, "");
        String targetArch = Objects.requireNonNullElse(arch, "");

        Choice platformChoice = choosePlatform(manifest.packages(), targetPlatform);
        if (platformChoice == null) {
            return miss(null, null, "platform '" + targetPlatform + "' has no entry and there is no '_any' platform"
                    + triedAndPresent(platformKeysTried(targetPlatform), "", manifest.packages().keySet()));
        }
        Map<String, Map<String, String>> versions = manifest.packages().get(platformChoice.key());
        String trail = platformChoice.description();

        Choice versionChoice = choosePlatformVersion(versions, targetVersion);
        if (versionChoice == null) {
            return miss(platformChoice.key(), null, trail + " -> no key matches version '" + targetVersion
                    + "': no exact key, " + prefixMiss(targetVersion) + ", no '_any' and no '*'" + NO_BACKTRACKING
                    + triedAndPresent(versionKeysTried(targetVersion), " under " + platformChoice.key(),
                            versions.keySet()));
        }
        Map<String, String> architectures = versions.get(versionChoice.key());
        trail += " -> " + versionChoice.description();

        Choice archChoice = chooseArch(architectures, targetArch);
        if (archChoice == null) {
            String starHint = architectures.containsKey(STAR)
                    ? " ('*' is not an architecture wildcard)"
                    : "";
            return new FileSelection(null, null, platformChoice.key(), versionChoice.key(), null, trail
                    + " -> no '" + targetArch + "' architecture and no '_any'" + starHint + NO_BACKTRACKING
                    + triedAndPresent(platformKeysTried(targetArch), " under " + platformChoice.key() + " "
                            + versionChoice.key(), architectures.keySet()));
        }
        trail += " -> " + archChoice.description();

        String file = architectures.get(archChoice.key());
        String sha256 = manifest.files().get(file);
        if (sha256 == null) {
            return new FileSelection(null, null, platformChoice.key(), versionChoice.key(), archChoice.key(),
                    trail + " names file '" + file + "', which is not listed under files");
        }
        return new FileSelection(file, sha256, platformChoice.key(), versionChoice.key(), archChoice.key(), trail);
    }

    private static Choice choosePlatform(Map<String, ?> platforms, String target) {
        if (platforms.containsKey(target)) {
            return new Choice(target, target);
        }
        if (platforms.containsKey(ANY)) {
            return new Choice(ANY, ANY + " (no '" + target + "' entry)");
        }
        return null;
    }

    private static Choice chooseArch(Map<String, ?> architectures, String target) {
        if (architectures.containsKey(target)) {
            return new Choice(target, target);
        }
        if (architectures.containsKey(ANY)) {
            return new Choice(ANY, ANY + " (no '" + target + "' entry)");
        }
        return null;
    }

    private static Choice choosePlatformVersion(Map<String, ?> versions, String target) {
        // Exact match comes before the nano filter, as in the AWS agent: a nano host reporting "10.0.14393nano"
        // takes a "10.0.14393nano" key directly.
        if (versions.containsKey(target)) {
            return new Choice(target, target);
        }
        String prefixKey = longestMatchingPrefix(versions, target);
        if (prefixKey != null) {
            return new Choice(prefixKey, prefixKey + " (longest matching prefix for " + target + ")");
        }
        // The AWS agent applies the nano filter only to prefixes: a nano host still falls back to _any and *.
        if (versions.containsKey(ANY)) {
            return new Choice(ANY, ANY + " (no exact or prefix match for " + target + ")");
        }
        if (versions.containsKey(STAR)) {
            return new Choice(STAR, "* (no exact, prefix or _any match for " + target + ")");
        }
        return null;
    }

    /**
     * Among keys ending in {@code .*}, the one with the most dot-separated parts that equal the target's leading
     * parts, compared as text. Only the key loses its {@code nano} suffix, as in the AWS agent, so the target's last
     * part keeps it: {@code 10.0.*nano} matches {@code 10.0.14393nano} but not {@code 10.0nano}.
     */
    private static String longestMatchingPrefix(Map<String, ?> versions, String target) {
        boolean nanoTarget = target.endsWith(NANO);
        String[] targetParts = target.split("\\.", -1);
        String best = null;
        int bestLength = 0;
        for (String key : versions.keySet()) {
            boolean nanoKey = key.endsWith(NANO);
            if (nanoKey != nanoTarget) {
                continue;
            }
            String pattern = nanoKey ? key.substring(0, key.length() - NANO.length()) : key;
            if (!pattern.endsWith(PREFIX_WILDCARD)) {
                continue;
            }
            String[] parts = pattern.substring(0, pattern.length() - PREFIX_WILDCARD.length()).split("\\.", -1);
            // Two different keys with as many parts cannot both match one target, so the result does not depend on
            // key order (the agent walks a Go map, in random order).
            if (parts.length > bestLength && isLeadingPartsOf(parts, targetParts)) {
                best = key;
                bestLength = parts.length;
            }
        }
        return best;
    }

    private static boolean isLeadingPartsOf(String[] parts, String[] targetParts) {
        if (parts.length > targetParts.length) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].equals(targetParts[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The keys a miss tried, in the order tried, and the keys the level has, so a reader sees at once what to add:
     * {@code ; tried 22.04, 22.04.*, 22.*, _any, * under ubuntu; the manifest has 20.04, 24.04}.
     */
    private static String triedAndPresent(List<String> tried, String where, Collection<String> present) {
        return "; tried " + String.join(", ", tried) + where + "; the manifest has "
                + (present.isEmpty() ? "none" : String.join(", ", new TreeSet<>(present)));
    }

    /** Platform and architecture levels: the exact key, then {@code _any}. */
    private static List<String> platformKeysTried(String target) {
        return target.isEmpty() ? List.of(ANY) : List.of(target, ANY);
    }

    /**
     * The version level: the exact key, each {@code .*} prefix key that would match, longest first (a nano target's
     * end in {@code nano}), then {@code _any} and {@code *}.
     */
    private static List<String> versionKeysTried(String target) {
        List<String> tried = new ArrayList<>();
        if (!target.isEmpty()) {
            tried.add(target);
            boolean nano = target.endsWith(NANO);
            String[] parts = target.split("\\.", -1);
            for (int length = nano ? parts.length - 1 : parts.length; length >= 1; length--) {
                tried.add(String.join(".", Arrays.copyOf(parts, length)) + PREFIX_WILDCARD + (nano ? NANO : ""));
            }
        }
        tried.add(ANY);
        tried.add(STAR);
        return tried;
    }

    private static String prefixMiss(String target) {
        return target.endsWith(NANO)
                ? "no matching '.*nano' prefix (a nano target only tries keys ending in 'nano')"
                : "no matching '.*' prefix";
    }

    private static FileSelection miss(String platformKey, String platformVersionKey, String reason) {
        return new FileSelection(null, null, platformKey, platformVersionKey, null, reason);
    }
}
