package dev.distributor.catalog;

import static dev.distributor.testing.GraphQL.vars;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Zips;

/**
 * The stored manifest is exactly what the publisher sent, on every way in (GraphQL string, multipart part, bundle),
 * and what cannot be stored exactly (bytes that are not UTF-8, an unpaired surrogate) or must not be shown (controls,
 * bidi overrides) is refused with where it is.
 */
@QuarkusTest
class ManifestBytesTest {

    private static final String STORED = """
            query($n: String!, $v: String!) { package(name: $n) { version(version: $v) { manifest } } }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ArtifactStore store;

    /**
     * Odd whitespace (tabs, CRLF, none at all), keys out of the usual order, an unknown key, non-ASCII text and JSON
     * escapes: any re-serialisation would change at least one of these.
     */
    private static String oddManifest(String version, String sha256) {
        return "{\"files\":{\"app-linux.zip\" :\t{\"checksums\":{\"sha256\":\"" + sha256 + "\", \"md5\": \"x\"}}},\r\n"
                + "   \"packages\"  : { \"ubuntu\": { \"_any\": { \"x86_64\": { \"file\": \"app-linux.zip\" } } } },\n"
                + "\t\"publisher\": \"Zoë \\u00e9\\/ \u6f22\u5b57 \uD83D\uDE80\",\n"
                + "  \"x-notes\": [1.50, 2e3, true, null],\r\n"
                + "\"version\":\"" + version + "\",\"schemaVersion\":\"2.0\"   }\n\n";
    }

    @Test
    void givenAnOddlyFormattedManifest_whenAddedThroughGraphQL_thenTheStoredTextIsExactlyTheStringSent() {
        String name = Catalog.createPackage("bytes-gql");
        String sha = Catalog.upload("app-linux.zip", Catalog.linuxZip(name, "1.0.0"));
        String manifest = oddManifest("1.0.0", sha);

        Catalog.addVersion(name, "1.0.0", manifest, false);

        String stored = storedManifest(name, "1.0.0");
        assertThat(stored.getBytes(StandardCharsets.UTF_8)).isEqualTo(manifest.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void givenAnOddlyFormattedManifestFilePart_whenPostedMultipart_thenItIsStoredAndExportedByteForByte()
            throws IOException {
        String name = Catalog.createPackage("bytes-rest");
        byte[] zip = Catalog.linuxZip(name, "1.0.0");
        byte[] sent = oddManifest("1.0.0", Zips.sha256(zip)).getBytes(StandardCharsets.UTF_8);

        given().multiPart("manifest", "manifest.json", sent, "application/json")
                .multiPart("file", "app-linux.zip", zip, "application/zip")
                .when().post("/api/packages/{n}/versions", name)
                .then().statusCode(201);

        assertThat(storedManifest(name, "1.0.0").getBytes(StandardCharsets.UTF_8)).isEqualTo(sent);
        assertThat(exportedManifest(name, "1.0.0")).isEqualTo(sent);
    }

    @Test
    void givenABundleWithAnOddlyFormattedManifest_whenImportedAndExportedAgain_thenManifestJsonIsTheSameBytes()
            throws IOException {
        String name = Catalog.uniqueName("bytes-bundle");
        byte[] zip = Zips.linuxPackage(name).bytes();
        byte[] sent = oddManifest("2.0.0", Zips.sha256(zip)).getBytes(StandardCharsets.UTF_8);
        byte[] bundle = new Zips().with("manifest.json", sent).with("app-linux.zip", zip).bytes();

        given().multiPart("bundle", "bundle.zip", bundle, "application/zip")
                .when().post("/api/packages/{n}/bundles", name)
                .then().statusCode(201);

        assertThat(storedManifest(name, "2.0.0").getBytes(StandardCharsets.UTF_8)).isEqualTo(sent);
        assertThat(exportedManifest(name, "2.0.0")).isEqualTo(sent);
    }

    @Test
    void givenAManifestPartThatIsNotUtf8_whenPostedMultipart_thenItIsRefusedWithTheByteOffset_andNothingIsStored() {
        String name = Catalog.createPackage("bytes-latin1");
        byte[] zip = Catalog.linuxZip(name, "1.0.0");
        String text = Catalog.linuxManifest("1.0.0", "app-linux.zip", Zips.sha256(zip))
                .replace("Test Corp", "Test Corp Zo\u00eb");
        // ISO-8859-1: 'ë' is the single byte 0xEB, which starts a three-byte UTF-8 sequence that never comes.
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
        int offset = text.indexOf('\u00eb');

        JsonPath error = given().multiPart("manifest", "manifest.json", latin1, "application/json")
                .multiPart("file", "app-linux.zip", zip, "application/zip")
                .when().post("/api/packages/{n}/versions", name)
                .then().statusCode(400).contentType("application/json")
                .extract().jsonPath();

        assertThat(error.getString("code")).isEqualTo("INVALID_MANIFEST");
        assertThat(error.getInt("offset")).isEqualTo(offset);
        assertThat(error.getString("field")).isEqualTo("manifest");
        assertThat(error.getString("message")).contains("byte offset " + offset);
        assertThat(stored(Zips.sha256(zip))).isEmpty();
        assertThat(GraphQL.ok("query($n: String!) { package(name: $n) { versions { version } } }", vars("n", name))
                .getList("package.versions")).isEmpty();
    }

    @Test
    void givenABundleWhoseManifestIsNotUtf8_whenImported_thenItIsRefusedWithTheByteOffset_andNoPackageIsCreated() {
        String name = Catalog.uniqueName("bytes-badbundle");
        byte[] zip = Zips.linuxPackage(name).bytes();
        byte[] manifest = Catalog.linuxManifest("1.0.0", "app-linux.zip", Zips.sha256(zip))
                .getBytes(StandardCharsets.UTF_8);
        int offset = 10;
        manifest[offset] = (byte) 0xFF;
        byte[] bundle = new Zips().with("manifest.json", manifest).with("app-linux.zip", zip).bytes();

        JsonPath error = given().multiPart("bundle", "bundle.zip", bundle, "application/zip")
                .when().post("/api/packages/{n}/bundles", name)
                .then().statusCode(400).contentType("application/json")
                .extract().jsonPath();

        assertThat(error.getString("code")).isEqualTo("INVALID_MANIFEST");
        assertThat(error.getInt("offset")).isEqualTo(offset);
        assertThat(error.getString("field")).isEqualTo("bundle");
        assertThat(GraphQL.ok("query($n: String!) { package(name: $n) { name } }", vars("n", name))
                .getString("package")).isNull();
    }

    @Test
    void givenANulAnEscapeAndABidiOverrideInManifestStrings_thenAllThreeAreRefusedAtOnceWithTheirJsonPaths() {
        String name = Catalog.createPackage("bytes-ctl");
        String sha = Catalog.upload("app-linux.zip", Catalog.linuxZip(name, "1.0.0"));
        String manifest = Catalog.linuxManifest("1.0.0", "app-linux.zip", sha)
                .replace("\"publisher\": \"Test Corp\"", "\"publisher\": \"Test\\u001b[31mCorp\","
                        + " \"notes\": {\"x\\u0000y\": \"ok\"}, \"readme\": \"evil \u202E txt.exe\"");

        JsonNode error = graphQL(Catalog.ADD_VERSION_SUMMARY, Map.of("input", Map.of("packageName", name,
                "version", "1.0.0", "manifest", manifest))).at("/errors/0");

        assertThat(error.at("/extensions/code").textValue()).isEqualTo("INVALID_MANIFEST");
        assertThat(error.at("/extensions/jsonPath").textValue()).isEqualTo("$.publisher");
        assertThat(error.at("/message").textValue()).as(error.toString())
                .contains("3 problems", "$.publisher: holds U+001B", "$.notes['x\\u0000y']: the key holds U+0000",
                        "$.readme: holds U+202E")
                .doesNotContain("\u202E", "\u0000", "\u001b");
        assertThat(Catalog.versionNames(name)).isEmpty();
    }

    @Test
    void givenAGraphQLManifestStringWithAnUnpairedSurrogate_thenItIsRefused_becauseNoUtf8CouldStoreIt()
            throws IOException {
        String name = Catalog.createPackage("bytes-surrogate");
        String sha = Catalog.upload("app-linux.zip", Catalog.linuxZip(name, "1.0.0"));
        String manifest = Catalog.linuxManifest("1.0.0", "app-linux.zip", sha).replace("Test Corp", "Test LONE");
        String body = JSON.writeValueAsString(Map.of("query", Catalog.ADD_VERSION_SUMMARY,
                "variables", Map.of("input", Map.of("packageName", name, "version", "1.0.0", "manifest", manifest))))
                // A JSON escape is the only way to put half a surrogate pair on the wire.
                .replace("LONE", "\\ud800");

        JsonPath response = given().contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8))
                .when().post("/graphql")
                .then().statusCode(200).extract().jsonPath();

        assertThat(response.getString("errors[0].extensions.code")).isEqualTo("INVALID_MANIFEST");
        assertThat(response.getString("errors[0].message")).contains("U+D800", "unpaired");
        assertThat(Catalog.versionNames(name)).isEmpty();
    }

    /** Read with Jackson from the raw body: the manifest must come back exactly, escapes and all. */
    private static String storedManifest(String name, String version) {
        JsonNode response = graphQL(STORED, Map.of("n", name, "v", version));
        assertThat(response.at("/errors").isMissingNode()).as(response.toString()).isTrue();
        return response.at("/data/package/version/manifest").textValue();
    }

    private static JsonNode graphQL(String document, Map<String, Object> variables) {
        byte[] body = given().contentType(ContentType.JSON).body(Map.of("query", document, "variables", variables))
                .when().post("/graphql")
                .then().statusCode(200).extract().asByteArray();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] exportedManifest(String name, String version) throws IOException {
        byte[] bundle = given().when().get("/api/packages/{n}/versions/{v}/bundle", name, version)
                .then().statusCode(200).extract().asByteArray();
        try (var in = new ZipInputStream(new ByteArrayInputStream(bundle))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (e.getName().equals("manifest.json")) {
                    var out = new ByteArrayOutputStream();
                    in.transferTo(out);
                    return out.toByteArray();
                }
            }
        }
        throw new AssertionError("the bundle has no manifest.json");
    }

    private Optional<Long> stored(String sha256) {
        return store.sizeOf(ArtifactStore.keyFor(sha256)).await().indefinitely();
    }
}
