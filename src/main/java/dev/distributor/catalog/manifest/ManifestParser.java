package dev.distributor.catalog.manifest;

import static dev.distributor.catalog.manifest.JsonPaths.child;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Texts;

/**
 * Checks a manifest against the AWS Distributor format (DESIGN.md §3) and turns it into a {@link Manifest}. It
 * reports every problem at once, each with its path, so a publisher fixes a manifest in one round trip instead of
 * one error per upload. Whether the listed files were uploaded is the caller's check: this class does no I/O.
 *
 * <p>
 * Every way a manifest comes in goes through {@link #parse}; a version already stored is read with
 * {@link StoredManifest#read}, so a rule added here later refuses new uploads without breaking published versions.
 */
public final class ManifestParser {

    /** The only schema AWS Distributor accepts for package manifests. */
    public static final String SCHEMA_VERSION = "2.0";

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern PLATFORM_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern PLATFORM_VERSION_KEY = Pattern.compile("[A-Za-z0-9_.*-]+");
    private static final Pattern ARCH_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
    private static final Pattern SHA256 = Pattern.compile("[0-9A-Fa-f]{64}");

    private static final ObjectMapper JSON = JsonMapper.builder()
            // Jackson keeps the last of two equal keys; the AWS agent (Go) does the same, so a duplicate would
            // silently hide an entry the publisher believes is there.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final List<ManifestProblem> problems = new ArrayList<>();
    private final List<ManifestProblem> warnings = new ArrayList<>();
    private final List<FileReference> references = new ArrayList<>();

    private record FileReference(String fileName, String jsonPath) {
    }

    private ManifestParser() {
    }

    /**
     * @param json the manifest text, kept verbatim in the result
     * @param expectedVersion the version name the manifest is stored under, or null to skip that comparison
     * @throws DistributorException {@link ErrorCode#INVALID_MANIFEST} listing every problem found
     */
    public static Manifest parse(String json, String expectedVersion) {
        return new ManifestParser().parseDocument(json, expectedVersion);
    }

    private Manifest parseDocument(String json, String expectedVersion) {
        JsonNode root = readTree(json);
        checkStrings(root, JsonPaths.ROOT);
        String schemaVersion = schemaVersion(root.get("schemaVersion"));
        String version = version(root.get("version"), expectedVersion);
        String publisher = publisher(root.get("publisher"));
        Map<String, Map<String, Map<String, String>>> packages = packages(root.get("packages"));
        Map<String, String> files = files(root.get("files"));
        if (files != null) {
            checkReferences(files);
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return new Manifest(schemaVersion, version, publisher, packages, files, json, warnings);
    }

    private static JsonNode readTree(String json) {
        if (json == null || json.isBlank()) {
            throw invalid(
                    List.of(new ManifestProblem(JsonPaths.ROOT, "the manifest is empty; it must be a JSON object")));
        }
        int unpaired = unpairedSurrogate(json);
        if (unpaired >= 0) {
            // No UTF-8 form exists for it: storing it would store something else than what was sent.
            throw invalid(List.of(new ManifestProblem(JsonPaths.ROOT, "holds " + Texts.describeAt(json, unpaired)
                    + "; a manifest must be valid Unicode text")));
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid(List.of(syntaxProblem(e)));
        }
        if (!root.isObject()) {
            throw invalid(List.of(new ManifestProblem(JsonPaths.ROOT, "must be a JSON object, not " + describe(root))));
        }
        return root;
    }

    private static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Every key and string value, known keys or not, after JSON unescaping: a control or bidi control hides what a
     * reviewer reads ({@link Texts}), and an escaped NUL ({@code \u0000}) could not even be stored.
     */
    private void checkStrings(JsonNode node, String path) {
        if (node.isTextual()) {
            Texts.firstRefused(node.textValue(), Texts.Lines.ONE)
                    .ifPresent(index -> problem(path, "holds " + Texts.describeAt(node.textValue(), index)
                            + "; control characters and bidirectional controls are not accepted in a manifest"));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkStrings(node.get(i), JsonPaths.index(path, i));
            }
        } else if (node.isObject()) {
            node.properties().forEach(property -> {
                String key = property.getKey();
                String keyPath = child(path, key);
                Texts.firstRefused(key, Texts.Lines.ONE)
                        .ifPresent(index -> problem(keyPath, "the key holds " + Texts.describeAt(key, index)
                                + "; control characters and bidirectional controls are not accepted in a manifest"));
                checkStrings(property.getValue(), keyPath);
            });
        }
    }

    private String schemaVersion(JsonNode node) {
        String path = child(JsonPaths.ROOT, "schemaVersion");
        String accepted = "the only accepted value is \"" + SCHEMA_VERSION + "\" (the AWS Distributor manifest format)";
        if (node == null) {
            problem(path, "is required; " + accepted);
            return null;
        }
        if (!node.isTextual() || !SCHEMA_VERSION.equals(node.textValue())) {
            problem(path, "unsupported schema version " + node + "; " + accepted);
            return null;
        }
        return node.textValue();
    }

    private String version(JsonNode node, String expectedVersion) {
        String path = child(JsonPaths.ROOT, "version");
        if (node == null) {
            problem(path, "is required and must equal the version name"
                    + (expectedVersion == null ? "" : " '" + expectedVersion + "'"));
            return null;
        }
        if (!node.isTextual()) {
            problem(path, "must be a string, not " + describe(node));
            return null;
        }
        String version = node.textValue();
        if (!VERSION.matcher(version).matches() || version.equals(".") || version.equals("..")) {
            problem(path, "'" + version
                    + "' is not a valid version: use 1 to 128 letters, digits, '.', '_' or '-', other than '.' and"
                    + " '..'");
        } else if (expectedVersion != null && !expectedVersion.equals(version)) {
            problem(path, "'" + version + "' differs from the version name '" + expectedVersion
                    + "'; they must be equal");
        }
        return version;
    }

    private String publisher(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problem(child(JsonPaths.ROOT, "publisher"), "must be a string when present, not " + describe(node));
            return null;
        }
        return node.textValue();
    }

    private Map<String, Map<String, Map<String, String>>> packages(JsonNode node) {
        String path = child(JsonPaths.ROOT, "packages");
        Map<String, Map<String, Map<String, String>>> platforms = new LinkedHashMap<>();
        if (!isNonEmptyObject(node, path, "platforms", "platform")) {
            return platforms;
        }
        node.properties().forEach(platform -> {
            String key = platform.getKey();
            String platformPath = child(path, key);
            if (checkKey(platformPath, "platform", key, PLATFORM_KEY, "'_' and '-'")) {
                Platforms.platformWarning(key).ifPresent(warning -> warn(platformPath, warning));
            }
            platforms.put(key, platformVersions(platform.getValue(), platformPath, key));
        });
        return platforms;
    }

    private Map<String, Map<String, String>> platformVersions(JsonNode node, String path, String platform) {
        Map<String, Map<String, String>> versions = new LinkedHashMap<>();
        if (!isNonEmptyObject(node, path, "platform versions", "platform version")) {
            return versions;
        }
        node.properties().forEach(version -> {
            String versionPath = child(path, version.getKey());
            checkKey(versionPath, "platform version", version.getKey(), PLATFORM_VERSION_KEY, "'.', '*', '_' and '-'");
            versions.put(version.getKey(), architectures(version.getValue(), versionPath, platform));
        });
        return versions;
    }

    private Map<String, String> architectures(JsonNode node, String path, String platform) {
        Map<String, String> architectures = new LinkedHashMap<>();
        if (!isNonEmptyObject(node, path, "architectures", "architecture")) {
            return architectures;
        }
        node.properties().forEach(arch -> {
            String archPath = child(path, arch.getKey());
            if (checkKey(archPath, "architecture", arch.getKey(), ARCH_KEY, "'_' and '-'")) {
                Platforms.architectureWarning(platform, arch.getKey()).ifPresent(warning -> warn(archPath, warning));
            }
            String file = fileReference(arch.getValue(), archPath);
            if (file != null) {
                architectures.put(arch.getKey(), file);
            }
        });
        return architectures;
    }

    private String fileReference(JsonNode entry, String path) {
        if (!entry.isObject()) {
            problem(path, "must be an object such as {\"file\": \"app.zip\"}, not " + describe(entry));
            return null;
        }
        String filePath = child(path, "file");
        JsonNode file = entry.get("file");
        if (file == null || !file.isTextual()) {
            problem(filePath, file == null
                    ? "is required: the name of a file listed under $.files"
                    : "must be a string naming a file listed under $.files, not " + describe(file));
            return null;
        }
        references.add(new FileReference(file.textValue(), filePath));
        return file.textValue();
    }

    /** Null when {@code files} itself is unusable, so its absence is reported once, not once per reference. */
    private Map<String, String> files(JsonNode node) {
        String path = child(JsonPaths.ROOT, "files");
        if (node == null) {
            problem(path, "is required: file name -> {\"checksums\": {\"sha256\": \"<64 hex>\"}}");
            return null;
        }
        if (!node.isObject()) {
            problem(path, "must be an object of file names, not " + describe(node));
            return null;
        }
        Map<String, String> files = new LinkedHashMap<>();
        node.properties().forEach(file -> {
            String name = file.getKey();
            String filePath = child(path, name);
            if (!FILE_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
                problem(filePath, "'" + name + "' is not a valid file name: use 1 to 255 letters, digits, '.', '_'"
                        + " or '-', other than '.' and '..'");
            }
            files.put(name, sha256(file.getValue(), filePath));
        });
        return files;
    }

    private String sha256(JsonNode entry, String path) {
        if (!entry.isObject()) {
            problem(path, "must be an object such as {\"checksums\": {\"sha256\": \"<64 hex>\"}}, not "
                    + describe(entry));
            return null;
        }
        String checksumsPath = child(path, "checksums");
        JsonNode checksums = entry.get("checksums");
        if (checksums == null || !checksums.isObject()) {
            problem(checksumsPath, checksums == null
                    ? "is required, with a sha256"
                    : "must be an object such as {\"sha256\": \"<64 hex>\"}, not " + describe(checksums));
            return null;
        }
        // Other algorithms (AWS manifests sometimes carry md5) stay in the stored JSON but are never trusted.
        String sha256Path = child(checksumsPath, "sha256");
        JsonNode sha256 = checksums.get("sha256");
        if (sha256 == null) {
            problem(sha256Path, "is required: 64 hexadecimal characters");
            return null;
        }
        if (!sha256.isTextual() || !SHA256.matcher(sha256.textValue()).matches()) {
            problem(sha256Path, sha256 + " is not a sha256: it must be 64 hexadecimal characters");
            return null;
        }
        return sha256.textValue().toLowerCase(Locale.ROOT);
    }

    private void checkReferences(Map<String, String> files) {
        Set<String> referenced = new LinkedHashSet<>();
        for (FileReference reference : references) {
            referenced.add(reference.fileName());
            if (!files.containsKey(reference.fileName())) {
                problem(reference.jsonPath(), "file '" + reference.fileName() + "' is not listed under $.files");
            }
        }
        files.keySet()
                .stream()
                .filter(name -> !referenced.contains(name))
                .forEach(name -> problem(child(child(JsonPaths.ROOT, "files"), name),
                        "is listed but not referenced by any package entry; reference it or remove it"));
    }

    private boolean isNonEmptyObject(JsonNode node, String path, String children, String child) {
        if (node == null) {
            problem(path, "is required: an object of " + children);
            return false;
        }
        if (!node.isObject()) {
            problem(path, "must be an object of " + children + ", not " + describe(node));
            return false;
        }
        if (node.isEmpty()) {
            // An empty level still wins the match for its key, and matching never backtracks, so it would
            // silently leave hosts without a file.
            problem(path, "must name at least one " + child);
            return false;
        }
        return true;
    }

    private boolean checkKey(String path, String kind, String key, Pattern allowed, String allowedPunctuation) {
        if (allowed.matcher(key).matches()) {
            return true;
        }
        String wildcardHint = "*".equals(key) ? "; '*' is a wildcard only for platform versions, use '_any'" : "";
        problem(path, kind + " key '" + key + "' is not a plain identifier: use letters, digits, "
                + allowedPunctuation + " only" + wildcardHint);
        return false;
    }

    private void problem(String path, String message) {
        problems.add(new ManifestProblem(path, message));
    }

    private void warn(String path, String message) {
        warnings.add(new ManifestProblem(path, message));
    }

    private static DistributorException invalid(List<ManifestProblem> problems) {
        String summary = problems.size() == 1
                ? "The manifest has 1 problem: "
                : "The manifest has " + problems.size()
                        + " problems: ";
        String message = summary + problems.stream().map(ManifestProblem::toString).collect(Collectors.joining("; "));
        List<Map<String, String>> listed = problems.stream()
                .map(problem -> Map.of("jsonPath", problem.jsonPath(), "message", problem.message()))
                .toList();
        return new DistributorException(ErrorCode.INVALID_MANIFEST, message,
                Map.of("jsonPath", problems.get(0).jsonPath(), "problems", listed));
    }

    private static ManifestProblem syntaxProblem(JsonProcessingException e) {
        String path = JsonPaths.ROOT;
        String key = null;
        if (e.getProcessor() instanceof JsonParser parser && parser.getParsingContext() != null) {
            path = JsonPaths.of(parser.getParsingContext());
            key = parser.getParsingContext().getCurrentName();
        }
        String location = e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        String reason = e.getOriginalMessage();
        if (reason != null && reason.startsWith("Duplicate field")) {
            return new ManifestProblem(path, "duplicate key '" + key + "'" + location
                    + "; a key may appear only once per object");
        }
        return new ManifestProblem(path, "is not valid JSON" + location + ": " + reason);
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
