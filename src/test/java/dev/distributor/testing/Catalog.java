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
        return createPackageNamed(uniqueName(prefix));
    }

    /** Creates a package under exactly this name (to re-create a deleted one, say). */
    public static String createPackageNamed(String name) {
        GraphQL.ok("""
                mutation($input: CreatePackageInput!) { createPackage(input: $input) { name } }
                """, vars("input", Map.of("name", name, "publisher", "Test Corp")));
        return name;
    }

    public static final String REQUEST_UPLOAD = """
            mutation($input: RequestArtifactUploadInput!) {
              requestArtifactUpload(input: $input) {
                fileName sha256 alreadyStored method url key headers { name value }
              }
            }
            """;

    /** Asks where to upload {@code bytes} under {@code claimedSha256}, without uploading anything. */
    public static JsonPath requestUpload(String fileName, byte[] bytes, String claimedSha256) {
        return GraphQL.ok(REQUEST_UPLOAD,
                vars("input", Map.of("fileName", fileName, "size", bytes.length, "sha256", claimedSha256)))
                .setRootPath("data.requestArtifactUpload");
    }

    /** Whether the service holds verified bytes like these already (an artifact some version uses). */
    public static boolean alreadyStored(byte[] bytes) {
        return requestUpload("probe.zip", bytes, Zips.sha256(bytes)).getBoolean("alreadyStored");
    }

    /** Requests an upload and PUTs the bytes to the presigned URL, as a user would with curl. */
    public static String upload(String fileName, byte[] bytes) {
        String sha256 = Zips.sha256(bytes);
        uploadAs(fileName, bytes, sha256);
        return sha256;
    }

    /** Uploads {@code bytes} under the key of {@code claimedSha256}, which may not be their real hash. */
    public static JsonPath uploadAs(String fileName, byte[] bytes, String claimedSha256) {
        JsonPath ticket = requestUpload(fileName, bytes, claimedSha256);
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

    /** Adds a version and selects its files too: the full answer a publisher reads. */
    public static final String ADD_VERSION = """
            mutation($input: AddPackageVersionInput!) {
              addPackageVersion(input: $input) {
                packageName version state isDefault
                files { name sha256 size scripts platforms key }
              }
            }
            """;

    /** Adds a version selecting only its own fields, so set-up steps do not depend on the files resolver. */
    public static final String ADD_VERSION_SUMMARY = """
            mutation($input: AddPackageVersionInput!) {
              addPackageVersion(input: $input) { packageName version state isDefault }
            }
            """;

    /** Adds a version; the answer carries packageName, version, state and isDefault (not files). */
    public static JsonPath addVersion(String packageName, String version, String manifest, boolean publish) {
        return GraphQL.ok(ADD_VERSION_SUMMARY, versionInput(packageName, version, manifest, publish))
                .setRootPath("data.addPackageVersion");
    }

    /** Adds a version; the answer carries its files as well. */
    public static JsonPath addVersionWithFiles(String packageName, String version, String manifest,
            boolean publish) {
        return GraphQL.ok(ADD_VERSION, versionInput(packageName, version, manifest, publish))
                .setRootPath("data.addPackageVersion");
    }

    /** Adds a version expecting a refusal; returns the one error (message, extensions.code, extensions.jsonPath). */
    public static JsonPath addVersionRefused(String packageName, String version, String manifest) {
        return GraphQL.error(ADD_VERSION_SUMMARY, versionInput(packageName, version, manifest, false));
    }

    private static Map<String, Object> versionInput(String packageName, String version, String manifest,
            boolean publish) {
        return vars("input", Map.of("packageName", packageName, "version", version, "manifest", manifest,
                "publish", publish));
    }

    /** The zip {@link #addLinuxVersion} uploads for this version; zips are deterministic, so same bytes, same hash. */
    public static byte[] linuxZip(String packageName, String version) {
        return Zips.linuxPackage(packageName + "@" + version).bytes();
    }

    /** Uploads a Linux zip ({@link #linuxZip}) and adds it as a version. */
    public static JsonPath addLinuxVersion(String packageName, String version, boolean publish) {
        String sha = upload("app-linux.zip", linuxZip(packageName, version));
        return addVersion(packageName, version, linuxManifest(version, "app-linux.zip", sha), publish);
    }

    /** Names of the package's versions, newest first. */
    public static List<String> versionNames(String packageName) {
        return GraphQL.ok("query($n: String!) { package(name: $n) { versions { version } } }",
                vars("n", packageName)).getList("package.versions.version");
    }

    public static String defaultVersion(String packageName) {
        return GraphQL.ok("query($n: String!) { package(name: $n) { defaultVersion } }", vars("n", packageName))
                .getString("package.defaultVersion");
    }

    public static final String PUBLISH = """
            mutation($p: String!, $v: String!) {
              publishVersion(packageName: $p, version: $v) { version state isDefault publishedAt }
            }
            """;

    public static JsonPath publish(String packageName, String version) {
        return GraphQL.ok(PUBLISH, vars("p", packageName, "v", version)).setRootPath("data.publishVersion");
    }
}
