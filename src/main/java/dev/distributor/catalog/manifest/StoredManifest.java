package dev.distributor.catalog.manifest;

import static dev.distributor.catalog.manifest.JsonPaths.child;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * Reads the manifest of a version the service already holds. {@link ManifestParser} verified it on the way in (upload,
 * multipart, bundle import, Simple creation); this reader only maps the JSON to a {@link Manifest} and applies no
 * rule, so a rule made stricter later never breaks a version that is already published: it keeps planning, selecting
 * files and exporting as it did. Every way in must still go through {@link ManifestParser#parse}.
 *
 * <p>
 * Warnings (platforms or architectures outside AWS's table) are computed from today's table, because they describe
 * the manifest to people and never block.
 */
public final class StoredManifest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private StoredManifest() {
    }

    /**
     * @param json a manifest as stored with its version
     * @throws DistributorException {@link ErrorCode#INTERNAL} when the stored text is not the shape every verified
     *         manifest has (not JSON, or a level that is not an object); that is damage to the stored row, not a
     *         publisher's mistake
     */
    public static Manifest read(String json) {
        JsonNode root = readTree(json);
        List<ManifestProblem> warnings = new ArrayList<>();
        Map<String, Map<String, Map<String, String>>> packages = new LinkedHashMap<>();
        String packagesPath = child(JsonPaths.ROOT, "packages");
        object(root, "packages").properties().forEach(platform -> {
            String platformPath = child(packagesPath, platform.getKey());
            Platforms.platformWarning(platform.getKey())
                    .ifPresent(warning -> warnings.add(new ManifestProblem(platformPath, warning)));
            Map<String, Map<String, String>> versions = new LinkedHashMap<>();
            objectValue(platform.getValue(), platformPath).properties().forEach(version -> {
                String versionPath = child(platformPath, version.getKey());
                Map<String, String> architectures = new LinkedHashMap<>();
                objectValue(version.getValue(), versionPath).properties().forEach(arch -> {
                    String archPath = child(versionPath, arch.getKey());
                    Platforms.architectureWarning(platform.getKey(), arch.getKey())
                            .ifPresent(warning -> warnings.add(new ManifestProblem(archPath, warning)));
                    architectures.put(arch.getKey(), text(objectValue(arch.getValue(), archPath), "file", archPath));
                });
                versions.put(version.getKey(), architectures);
            });
            packages.put(platform.getKey(), versions);
        });
        Map<String, String> files = new LinkedHashMap<>();
        String filesPath = child(JsonPaths.ROOT, "files");
        object(root, "files").properties().forEach(file -> {
            String filePath = child(filesPath, file.getKey());
            JsonNode checksums = objectValue(file.getValue(), filePath).get("checksums");
            String checksumsPath = child(filePath, "checksums");
            files.put(file.getKey(),
                    text(objectValue(checksums, checksumsPath), "sha256", checksumsPath).toLowerCase(Locale.ROOT));
        });
        JsonNode publisher = root.get("publisher");
        return new Manifest(text(root, "schemaVersion", JsonPaths.ROOT), text(root, "version", JsonPaths.ROOT),
                publisher == null || !publisher.isTextual() ? null : publisher.textValue(), packages, files, json,
                warnings);
    }

    private static JsonNode readTree(String json) {
        if (json == null) {
            throw damaged(JsonPaths.ROOT, "is missing");
        }
        try {
            return objectValue(JSON.readTree(json), JsonPaths.ROOT);
        } catch (JsonProcessingException e) {
            throw damaged(JsonPaths.ROOT, "is not JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode object(JsonNode parent, String key) {
        return objectValue(parent.get(key), child(JsonPaths.ROOT, key));
    }

    private static JsonNode objectValue(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw damaged(path, "is not an object");
        }
        return node;
    }

    private static String text(JsonNode parent, String key, String parentPath) {
        JsonNode node = parent.get(key);
        if (node == null || !node.isTextual()) {
            throw damaged(child(parentPath, key), "is not a string");
        }
        return node.textValue();
    }

    private static DistributorException damaged(String path, String problem) {
        return new DistributorException(ErrorCode.INTERNAL,
                "A stored manifest cannot be read: " + path + " " + problem + ".");
    }
}
