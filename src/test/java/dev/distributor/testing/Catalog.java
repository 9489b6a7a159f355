package dev.distributor.testing;

import static dev.distributor.testing.GraphQL.vars;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.path.json.JsonPath;

/** Test fixtures that drive the catalog through its public API only: GraphQL and presigned S3 URLs. */
public final class Catalog {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Catalog() {
    }

    /** A package name no other test uses, so test classes share one database without clashing. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String createPackage(String prefix) {
        String name = uniqueName(prefix);
        GraphQL.ok("""
                mutation($input: CreatePackageInput!) { createPackage(input: $input) { name } }
                """, vars("input", Map.of("name", name, "publisher", "Test Corp")));
        return name;
    }

    /** Requests an upload and PUTs the bytes to the presigned URL, as a user would with curl. */
    public static String upload(String fileName, byte[] bytes) {
        String sha256 = Zips.sha256(bytes);
        uploadAs(fileName, bytes, sha256);
        return sha256;
    }

    /** Uploads {@code bytes} under the key of {@code claimedSha256}, which may not be their real hash. */
    public static JsonPath uploadAs(String fileName, byte[] bytes, String claimedSha256) {
        JsonPath ticket = GraphQL.ok("""
                mutation($input: RequestArtifactUploadInput!) {
                  requestArtifactUpload(input: $input) {
                    alreadyStored method url key headers { name value }
                  }
                }
                """, vars("input", Map.of("fileName", fileName, "size", bytes.length, "sha256", claimedSha256)))
                .setRootPath("data.requestArtifactUpload");
        if (!ticket.getBoolean("alreadyStored")) {
            put(ticket.getString("url"), ticket.getList("headers"), bytes);
        }
        return ticket;
    }

    public static void put(String url, List<Map<String, String>> headers, byte[] bytes) {
        var request = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        for (Map<String, String> h : headers) {
            if (!h.get("name").equalsIgnoreCase("content-length")) {
                request.header(h.get("name"), h.get("value"));
            }
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError("upload failed: " + response.statusCode() + " " + response.body());
            }
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A manifest with one Linux file for ubuntu/_any/x86_64. */
    public static String linuxManifest(String version, String fileName, String sha256) {
        return """
                {
                  "schemaVersion": "2.0",
                  "version": "%s",
                  "publisher": "Test Corp",
                  "packages": { "ubuntu": { "_any": { "x86_64": { "file": "%s" } } } },
                  "files": { "%s": { "checksums": { "sha256": "%s" } } }
                }
                """.formatted(version, fileName, fileName, sha256);
    }

    public static final String ADD_VERSION = """
            mutation($input: AddPackageVersionInput!) {
              addPackageVersion(input: $input) {
                packageName version state isDefault
                files { name sha256 size scripts platforms key }
              }
            }
            """;

    public static JsonPath addVersion(String packageName, String version, String manifest, boolean publish) {
        return GraphQL.ok(ADD_VERSION, vars("input", Map.of("packageName", packageName, "version", version,
                "manifest", manifest, "publish", publish))).setRootPath("data.addPackageVersion");
    }

    /** Uploads a Linux zip and adds it as a version. */
    public static JsonPath addLinuxVersion(String packageName, String version, boolean publish) {
        byte[] zip = Zips.linuxPackage(packageName + "@" + version).bytes();
        String sha = upload("app-linux.zip", zip);
        return addVersion(packageName, version, linuxManifest(version, "app-linux.zip", sha), publish);
    }
}
