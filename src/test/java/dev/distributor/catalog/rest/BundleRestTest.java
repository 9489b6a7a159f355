package dev.distributor.catalog.rest;

import static dev.distributor.testing.GraphQL.vars;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Zips;

@QuarkusTest
class BundleRestTest {

    @Inject
    Pool database;

    private static final String VERSION = """
            query($n: String!) {
              package(name: $n) { publisher versions { version state manifest files { name sha256 } } }
            }
            """;

    @Test
    void exportedBundle_holdsTheStoredManifestByteForByte_andEveryFileUnderItsManifestName() throws IOException {
        Published v = publishTwoPlatformVersion("export");

        Response response = given().when().get("/api/packages/{n}/versions/{v}/bundle", v.name(), "1.0.0")
                .then().statusCode(200).contentType("application/zip")
                .extract().response();

        assertThat(response.header("Content-Disposition")).isEqualTo("attachment; filename=\"" + v.name()
                + "-1.0.0.zip\"");
        Map<String, byte[]> entries = Zips.entriesOf(response.asByteArray());
        assertThat(entries.keySet()).containsExactly("manifest.json", "app-linux.zip", "app-windows.zip");
        assertThat(new String(entries.get("manifest.json"), StandardCharsets.UTF_8)).isEqualTo(v.manifest());
        assertThat(Zips.sha256(entries.get("app-linux.zip"))).isEqualTo(v.linuxSha());
        assertThat(Zips.sha256(entries.get("app-windows.zip"))).isEqualTo(v.windowsSha());
    }

    @Test
    void roundTrip_aBundleExportedAndImportedIntoANewPackage_keepsTheManifestAndTheFileHashes() {
        Published v = publishTwoPlatformVersion("trip");
        byte[] bundle = given().when().get("/api/packages/{n}/versions/{v}/bundle", v.name(), "1.0.0")
                .then().statusCode(200).extract().asByteArray();
        String copy = Catalog.uniqueName("trip-copy");

        JsonPath imported = given().multiPart("bundle", "bundle.zip", bundle, "application/zip")
                .multiPart("publish", "true")
                .when().post("/api/packages/{n}/bundles", copy)
                .then().statusCode(201).extract().jsonPath();

        assertThat(imported.getString("packageName")).isEqualTo(copy);
        assertThat(imported.getString("state")).isEqualTo("PUBLISHED");
        JsonPath original = GraphQL.ok(VERSION, vars("n", v.name())).setRootPath("data.package");
        JsonPath copied = GraphQL.ok(VERSION, vars("n", copy)).setRootPath("data.package");
        assertThat(copied.getString("publisher")).isEqualTo("Round Trip Corp");
        assertThat(copied.getString("versions[0].version")).isEqualTo("1.0.0");
        assertThat(copied.getString("versions[0].manifest")).isEqualTo(original.getString("versions[0].manifest"))
                .isEqualTo(v.manifest());
        assertThat(copied.getList("versions[0].files")).isEqualTo(original.getList("versions[0].files"))
                .containsExactly(Map.of("name", "app-linux.zip", "sha256", v.linuxSha()),
                        Map.of("name", "app-windows.zip", "sha256", v.windowsSha()));
        assertThat(auditedActions(copy)).containsExactly("package.create", "version.add");
    }

    private List<String> auditedActions(String packageName) {
        var rows = database.preparedQuery("select action from audit_event where resource like $1 order by id")
                .execute(Tuple.of("package/" + packageName + "%"))
                .await().indefinitely();
        var actions = new java.util.ArrayList<String>();
        rows.forEach(row -> actions.add(row.getString("action")));
        return actions;
    }

    @Test
    void importingABundleWithAnEntryEscapingItsRoot_isRefusedInvalidZip_andCreatesNoPackage() {
        byte[] zip = Zips.linuxPackage("evil").bytes();
        byte[] bundle = new Zips()
                .with("manifest.json", Catalog.linuxManifest("1.0.0", "app-linux.zip", Zips.sha256(zip)))
                .with("app-linux.zip", zip)
                .with("../evil", "#!/bin/sh\nrm -rf /\n")
                .bytes();
        String name = Catalog.uniqueName("evil");

        JsonPath error = importBundle(name, bundle, 400);

        assertThat(error.getString("code")).isEqualTo("INVALID_ZIP");
        assertThat(error.getString("entry")).isEqualTo("../evil");
        assertThat(error.getString("message")).contains("outside its root");
        assertThat(GraphQL.ok("query($n: String!) { package(name: $n) { name } }", vars("n", name))
                .getString("package")).isNull();
    }

    @Test
    void importingABundleWithAnUnlistedEntry_isRefusedInvalidZipNamingTheEntry() {
        byte[] zip = Zips.linuxPackage("unlisted").bytes();
        byte[] bundle = new Zips()
                .with("manifest.json", Catalog.linuxManifest("1.0.0", "app-linux.zip", Zips.sha256(zip)))
                .with("app-linux.zip", zip)
                .with("notes/readme.txt", "hello")
                .bytes();

        JsonPath error = importBundle(Catalog.uniqueName("unlisted"), bundle, 400);

        assertThat(error.getString("code")).isEqualTo("INVALID_ZIP");
        assertThat(error.getString("entry")).isEqualTo("notes/readme.txt");
    }

    @Test
    void importingABundleZippedAsOneFolder_byHandForAws_addsTheVersionToAnExistingPackage() {
        String name = Catalog.createPackage("folder");
        byte[] zip = Zips.linuxPackage(name).bytes();
        byte[] bundle = new Zips()
                .with("hello/manifest.json", Catalog.linuxManifest("3.0.0", "app-linux.zip", Zips.sha256(zip)))
                .with("hello/app-linux.zip", zip)
                .with("__MACOSX/hello/._app-linux.zip", "resource fork")
                .bytes();

        JsonPath created = importBundle(name, bundle, 201);

        assertThat(created.getString("version")).isEqualTo("3.0.0");
        assertThat(created.getString("state")).isEqualTo("DRAFT");
        assertThat(created.getList("files.sha256")).containsExactly(Zips.sha256(zip));
    }

    @Test
    void importingAVersionThePackageHas_is409VersionExists() {
        String name = Catalog.createPackage("again");
        JsonPath existing = Catalog.addLinuxVersion(name, "1.0.0", false);
        byte[] zip = Zips.linuxPackage(name + "-other").bytes();
        byte[] bundle = new Zips()
                .with("manifest.json", Catalog.linuxManifest("1.0.0", "app-linux.zip", Zips.sha256(zip)))
                .with("app-linux.zip", zip)
                .bytes();

        JsonPath error = importBundle(name, bundle, 409);

        assertThat(error.getString("code")).isEqualTo("VERSION_EXISTS");
        assertThat(existing.getString("version")).isEqualTo("1.0.0");
    }

    @Test
    void exportingAVersionThatDoesNotExist_is404JsonVersionNotFound() {
        String name = Catalog.createPackage("none");

        JsonPath error = given().when().get("/api/packages/{n}/versions/{v}/bundle", name, "9.9.9")
                .then().statusCode(404).contentType("application/json")
                .extract().jsonPath();

        assertThat(error.getString("code")).isEqualTo("VERSION_NOT_FOUND");
        assertThat(error.getString("field")).isEqualTo("version");
    }

    @Test
    void importingWithoutABundlePart_is400InvalidInputNamingTheField() {
        JsonPath error = given().multiPart("publish", "true")
                .when().post("/api/packages/{n}/bundles", Catalog.uniqueName("empty"))
                .then().statusCode(400).contentType("application/json")
                .extract().jsonPath();

        assertThat(error.getString("code")).isEqualTo("INVALID_INPUT");
        assertThat(error.getString("field")).isEqualTo("bundle");
    }

    private record Published(String name, String manifest, String linuxSha, String windowsSha) {
    }

    /** A version whose manifest has an extra key and its own layout, so "byte for byte" can fail. */
    private static Published publishTwoPlatformVersion(String prefix) {
        String name = Catalog.createPackage(prefix);
        String linuxSha = Catalog.upload("app-linux.zip", Zips.linuxPackage(name).bytes());
        String windowsSha = Catalog.upload("app-windows.zip", Zips.windowsPackage(name).bytes());
        String manifest = """
                {"schemaVersion":"2.0",  "version":"1.0.0", "publisher":"Round Trip Corp",
                 "description": "kept as written",
                 "packages":{
                   "ubuntu":{"_any":{"x86_64":{"file":"app-linux.zip"}}},
                   "windows":{"_any":{"x86_64":{"file":"app-windows.zip"}}}},
                 "files":{"app-linux.zip":{"checksums":{"sha256":"%s"}},
                          "app-windows.zip":{"checksums":{"sha256":"%s"}}}}
                """.formatted(linuxSha, windowsSha);
        Catalog.addVersion(name, "1.0.0", manifest, true);
        return new Published(name, manifest, linuxSha, windowsSha);
    }

    private static JsonPath importBundle(String name, byte[] bundle, int status) {
        return given().multiPart("bundle", "bundle.zip", bundle, "application/zip")
                .when().post("/api/packages/{n}/bundles", name)
                .then().statusCode(status).contentType("application/json")
                .extract().jsonPath();
    }
}
