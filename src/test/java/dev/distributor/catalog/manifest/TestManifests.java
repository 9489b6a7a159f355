package dev.distributor.catalog.manifest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds real manifests (through {@link ManifestParser}) from a readable table, one entry per line:
 * {@code platform | platform version | arch | file}. Every named file is listed with a made-up sha256.
 */
final class TestManifests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestManifests() {
    }

    static Manifest fromTable(String table) {
        return ManifestParser.parse(toJson(table), null);
    }

    /**
     * For shapes the parser refuses (an architecture key {@code *}) but the selector must still handle, because
     * its rules are stated for any map it is given.
     */
    static Manifest uncheckedFromTable(String table) {
        Map<String, Map<String, Map<String, String>>> packages = new LinkedHashMap<>();
        Map<String, String> files = new LinkedHashMap<>();
        rows(table).forEach(cells -> {
            packages.computeIfAbsent(cells[0], platform -> new LinkedHashMap<>())
                    .computeIfAbsent(cells[1], version -> new LinkedHashMap<>())
                    .put(cells[2], cells[3]);
            files.put(cells[3], sha256Of(cells[3]));
        });
        return new Manifest("2.0", "1.0.0", null, packages, files, "{}", List.of());
    }

    static String toJson(String table) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", "2.0");
        root.put("version", "1.0.0");
        ObjectNode packages = root.putObject("packages");
        ObjectNode files = root.putObject("files");
        rows(table).forEach(cells -> {
            ObjectNode versions = packages.has(cells[0])
                    ? (ObjectNode) packages.get(cells[0])
                    : packages.putObject(cells[0]);
            ObjectNode architectures = versions.has(cells[1])
                    ? (ObjectNode) versions.get(cells[1])
                    : versions.putObject(cells[1]);
            architectures.putObject(cells[2]).put("file", cells[3]);
            files.putObject(cells[3]).putObject("checksums").put("sha256", sha256Of(cells[3]));
        });
        return root.toString();
    }

    /** Each row as {platform, platform version, arch, file}. */
    private static Stream<String[]> rows(String table) {
        return table.lines().map(String::strip).filter(line -> !line.isEmpty()).map(line -> {
            String[] cells = line.split("\\|");
            if (cells.length != 4) {
                throw new IllegalArgumentException("expected 'platform | version | arch | file': " + line);
            }
            return Arrays.stream(cells).map(String::strip).toArray(String[]::new);
        });
    }

    static String sha256Of(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
