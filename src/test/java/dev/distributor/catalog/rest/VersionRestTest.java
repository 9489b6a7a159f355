package dev.distributor.catalog.rest;

import static dev.distributor.testing.GraphQL.vars;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Zips;

@QuarkusTest
class VersionRestTest {

    private static final String VERSIONS = """
            query($n: String!) { package(name: $n) { versions { version state files { name sha256 } } } }
            """;

    @Inject
    ArtifactStore store;

    @Test
    void givenAManifestAndItsZip_whenPostedInOneRequest_thenTheVersionExistsAndGraphQLReadsItBack() {
        String name = Catalog.createPackage("rest");
        byte[] zip = Zips.linuxPackage(name).bytes();
        String sha = Zips.sha256(zip);

        JsonPath created = post(name, form()
                .multiPart("manifest", "manifest.json", bytes(Catalog.linuxManifest("1.0.0", "app-linux.zip", sha)),
                        "application/json")
                .multiPart("file", "app-linux.zip", zip, "application/zip")
                .multiPart("publish", "true"), 201);

        assertThat(created.getString("packageName")).isEqualTo(name);
        assertThat(created.getString("version")).isEqualTo("1.0.0");
        assertThat(created.getString("state")).isEqualTo("PUBLISHED");
        assertThat(created.getList("files")).containsExactly(
                Map.of("name", "app-linux.zip", "sha256", sha, "size", zip.length));
        JsonPath read = GraphQL.ok(VERSIONS, vars("n", name)).setRootPath("data.package.versions[0]");
        assertThat(read.getString("version")).isEqualTo("1.0.0");
        assertThat(read.getList("files")).containsExactly(Map.of("name", "app-linux.zip", "sha256", sha));
        assertThat(stored(sha)).contains((long) zip.length);
    }

    @Test
    void givenTheManifestAsAPlainTextFieldLargerThanTwoKilobytes_andNoVersionField_thenTheManifestVersionIsUsed() {
        String name = Catalog.createPackage("rest-text");
        byte[] zip = Zips.linuxPackage(name).bytes();
        String manifest = Catalog.linuxManifest("2.1.0", "app-linux.zip", Zips.sha256(zip))
                .replace("\"publisher\"", "\"description\": \"" + "x".repeat(4000) + "\",\n  \"publisher\"");

        JsonPath created = post(name, form()
                .multiPart("manifest", manifest)
                .multiPart("file", "app-linux.zip", zip, "application/zip"), 201);

        assertThat(created.getString("version")).isEqualTo("2.1.0");
        assertThat(created.getString("state")).isEqualTo("DRAFT");
        String stored = GraphQL.ok("query($n: String!) { package(name: $n) { versions { manifest } } }",
                vars("n", name)).getString("package.versions[0].manifest");
        assertThat(stored).isEqualTo(manifest);
    }

    @Test
    void givenAFileStoredForAnEarlierVersion_whenTheNextVersionListsIt_thenItNeedNotBeSentAgain() {
        String name = Catalog.createPackage("rest-reuse");
        byte[] zip = Zips.linuxPackage(name).bytes();
        String sha = Zips.sha256(zip);
        post(name, form().multiPart("manifest", Catalog.linuxManifest("1.0.0", "app-linux.zip", sha))
                .multiPart("file", "app-linux.zip", zip, "application/zip"), 201);

        JsonPath second = post(name, form().multiPart("manifest", Catalog.linuxManifest("1.0.1", "app-linux.zip", sha)),
                201);

        assertThat(second.getList("files.sha256")).containsExactly(sha);
    }

    @Test
    void givenAPlatformOutsideAwsTable_whenPosted_thenTheAnswerCarriesTheWarningGraphQLShows() {
        String name = Catalog.createPackage("rest-warn");
        byte[] zip = Zips.linuxPackage(name).bytes();
        String manifest = Catalog.linuxManifest("1.0.0", "app-linux.zip", Zips.sha256(zip))
                .replace("\"ubuntu\"", "\"rocky\"");

        JsonPath created = post(name, form().multiPart("manifest", manifest)
                .multiPart("file", "app-linux.zip", zip, "application/zip"), 201);

        List<String> shown = GraphQL.ok("query($n: String!) { package(name: $n) { versions { warnings } } }",
                vars("n", name)).getList("package.versions[0].warnings");
        assertThat(shown).singleElement().asString().startsWith("$.packages.rocky");
        assertThat(created.getList("warnings", String.class)).isEqualTo(shown);
    }

    @Test
    void givenABadManifest_thenItIsRefused400InvalidManifestWithItsJsonPath_andNothingIsStored() {
        String name = Catalog.createPackage("rest-bad");
        byte[] zip = Zips.linuxPackage(name).bytes();
        String sha = Zips.sha256(zip);
        String manifest = Catalog.linuxManifest("1.0.0", "app-linux.zip", sha).replace("\"2.0\"", "\"1.2\"");

        JsonPath error = post(name, form().multiPart("manifest", manifest)
                .multiPart("file", "app-linux.zip", zip, "application/zip"), 400);

        assertThat(error.getString("code")).isEqualTo("INVALID_MANIFEST");
        assertThat(error.getString("jsonPath")).isEqualTo("$.schemaVersion");
        assertNothingStored(name, sha);
    }

    @Test
    void givenAZipThatDoesNotMatchTheManifestChecksum_thenItIsRefused400ChecksumMismatch_andNothingIsStored() {
        String name = Catalog.createPackage("rest-sum");
        byte[] zip = Zips.linuxPackage(name).bytes();
        String claimed = Zips.sha256(Zips.linuxPackage(name + "-other").bytes());

        JsonPath error = post(name, form().multiPart("manifest", Catalog.linuxManifest("1.0.0", "app-linux.zip",
                claimed)).multiPart("file", "app-linux.zip", zip, "application/zip"), 400);

        assertThat(error.getString("code")).isEqualTo("CHECKSUM_MISMATCH");
        assertThat(error.getString("jsonPath")).isEqualTo("$.files['app-linux.zip']");
        assertNothingStored(name, Zips.sha256(zip));
        assertThat(stored(claimed)).isEmpty();
    }

    @Test
    void givenAnUnknownPackage_thenItIs404PackageNotFound_andNothingIsStored() {
        String name = Catalog.uniqueName("rest-missing");
        byte[] zip = Zips.linuxPackage(name).bytes();
        String sha = Zips.sha256(zip);

        JsonPath error = post(name, form().multiPart("manifest", Catalog.linuxManifest("1.0.0", "app-linux.zip", sha))
                .multiPart("file", "app-linux.zip", zip, "application/zip"), 404);

        assertThat(error.getString("code")).isEqualTo("PACKAGE_NOT_FOUND");
        assertThat(error.getString("field")).isEqualTo("packageName");
        assertThat(stored(sha)).isEmpty();
    }

    @Test
    void givenAVersionThatExists_thenItIs409VersionExists_andTheNewZipIsNotStored() {
        String name = Catalog.createPackage("rest-dup");
        Catalog.addLinuxVersion(name, "1.0.0", false);
        byte[] zip = Zips.linuxPackage(name + "-again").bytes();
        String sha = Zips.sha256(zip);

        JsonPath error = post(name, form().multiPart("manifest", Catalog.linuxManifest("1.0.0", "app-linux.zip", sha))
                .multiPart("file", "app-linux.zip", zip, "application/zip"), 409);

        assertThat(error.getString("code")).isEqualTo("VERSION_EXISTS");
        assertThat(error.getString("field")).isEqualTo("version");
        assertThat(stored(sha)).isEmpty();
    }

    @Test
    void givenAVersionFieldThatDiffersFromTheManifest_thenItIsRefusedInvalidManifestAtVersion() {
        String name = Catalog.createPackage("rest-ver");
        byte[] zip = Zips.linuxPackage(name).bytes();

        JsonPath error = post(name, form().multiPart("version", "9.9.9")
                .multiPart("manifest", Catalog.linuxManifest("1.0.0", "app-linux.zip", Zips.sha256(zip)))
                .multiPart("file", "app-linux.zip", zip, "application/zip"), 400);

        assertThat(error.getString("code")).isEqualTo("INVALID_MANIFEST");
        assertThat(error.getString("jsonPath")).isEqualTo("$.version");
    }

    @Test
    void givenAPartTheManifestDoesNotList_thenItIsRefused400InvalidInput_andNothingIsStored() {
        String name = Catalog.createPackage("rest-extra");
        byte[] zip = Zips.linuxPackage(name).bytes();
        byte[] extra = Zips.windowsPackage(name).bytes();

        JsonPath error = post(name, form()
                .multiPart("manifest", Catalog.linuxManifest("1.0.0", "app-linux.zip", Zips.sha256(zip)))
                .multiPart("file", "app-linux.zip", zip, "application/zip")
                .multiPart("file", "app-windows.zip", extra, "application/zip"), 400);

        assertThat(error.getString("code")).isEqualTo("INVALID_INPUT");
        assertThat(error.getString("field")).isEqualTo("file");
        assertThat(error.getString("message")).contains("app-windows.zip");
        assertNothingStored(name, Zips.sha256(zip));
    }

    @Test
    void givenNoManifest_thenItIsRefused400InvalidInputNamingTheField() {
        String name = Catalog.createPackage("rest-nomanifest");
        byte[] zip = Zips.linuxPackage(name).bytes();

        JsonPath error = post(name, form().multiPart("file", "app-linux.zip", zip, "application/zip"), 400);

        assertThat(error.getString("code")).isEqualTo("INVALID_INPUT");
        assertThat(error.getString("field")).isEqualTo("manifest");
    }

    @Test
    void givenAnUnknownFieldOrABadFlag_thenItIsRefused400InvalidInputNamingTheField() {
        String name = Catalog.createPackage("rest-form");
        byte[] zip = Zips.linuxPackage(name).bytes();
        String manifest = Catalog.linuxManifest("1.0.0", "app-linux.zip", Zips.sha256(zip));

        JsonPath typo = post(name, form().multiPart("manifest", manifest)
                .multiPart("files", "app-linux.zip", zip, "application/zip"), 400);
        JsonPath flag = post(name, form().multiPart("manifest", manifest).multiPart("publish", "yes"), 400);

        assertThat(List.of(typo.getString("code"), typo.getString("field"))).containsExactly("INVALID_INPUT", "files");
        assertThat(List.of(flag.getString("code"), flag.getString("field"))).containsExactly("INVALID_INPUT",
                "publish");
    }

    @Test
    void aBodyThatIsNotAMultipartForm_isRefusedAsAClientErrorInJson() {
        String name = Catalog.createPackage("rest-json");

        JsonPath json = given().contentType("application/json").body("{\"manifest\": \"{}\"}")
                .when().post("/api/packages/{name}/versions", name)
                .then().statusCode(415).contentType("application/json")
                .extract().jsonPath();
        JsonPath garbled = given().contentType("multipart/form-data; boundary=XYZ")
                .body("--XYZ\r\ngarbage".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/packages/{name}/versions", name)
                .then().statusCode(400).contentType("application/json")
                .extract().jsonPath();

        assertThat(json.getString("code")).isEqualTo("INVALID_INPUT");
        assertThat(garbled.getString("code")).isEqualTo("INVALID_INPUT");
    }

    private static RequestSpecification form() {
        return given().contentType("multipart/form-data");
    }

    private static JsonPath post(String name, RequestSpecification request, int status) {
        return request.when().post("/api/packages/{name}/versions", name)
                .then().statusCode(status).contentType("application/json")
                .extract().jsonPath();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The size of the object kept or staged for these bytes; empty when the bucket holds neither. */
    private Optional<Long> stored(String sha256) {
        return store.sizeOf(ArtifactStore.keyFor(sha256)).await().indefinitely()
                .or(() -> store.sizeOf(ArtifactStore.stagingKeyFor(sha256)).await().indefinitely());
    }

    private void assertNothingStored(String name, String sha256) {
        assertThat(stored(sha256)).as("object for %s", sha256).isEmpty();
        assertThat(GraphQL.ok(VERSIONS, vars("n", name)).getList("package.versions")).isEmpty();
    }
}
