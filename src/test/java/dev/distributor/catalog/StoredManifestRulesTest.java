package dev.distributor.catalog;

import static dev.distributor.testing.GraphQL.vars;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.Catalog;
import dev.distributor.testing.Fleet;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;
import dev.distributor.testing.TestDatabase;
import dev.distributor.testing.Zips;

/**
 * A version is verified once, on the way in. A rule made stricter later refuses new uploads but never breaks what is
 * stored: the stored version still plans, selects its files and exports.
 */
@QuarkusTest
class StoredManifestRulesTest {

    /** '+' is outside today's file-name rule ({@code [A-Za-z0-9_.-]}). */
    private static final String OLD_RULES_FILE = "app+linux.zip";

    @Test
    void givenAStoredVersionATodaysRuleRefuses_whenPlannedSelectedAndExported_thenItWorks_butTheSameManifestIsRefusedOnTheWayIn()
            throws Exception {
        String pkg = Catalog.createPackage("stored-rules");
        byte[] zip = Catalog.linuxZip(pkg, "1.0.0");
        String sha = Catalog.upload("app-linux.zip", zip);
        Catalog.addVersion(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", "app-linux.zip", sha), true);
        // Given: the published version names its file as it could have before the file-name rule existed.
        String storedManifest = Catalog.linuxManifest("1.0.0", OLD_RULES_FILE, sha);
        storeAsIfPublishedUnderOlderRules(pkg, "1.0.0", storedManifest, OLD_RULES_FILE);
        String target = Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", "123456789012", "eu-west-1",
                "{\"fleet\":\"" + pkg + "\"}", OffsetDateTime.now()));

        // When/then: a deployment plans the file for the target.
        JsonPath plan = Rollouts.plan(Map.of("deployment", Rollouts.deployment(pkg, "1.0.0", "fleet=" + pkg,
                Map.of())));
        assertThat(plan.getInt("runnableCount")).isEqualTo(1);
        assertThat(plan.getString("targets[0].instanceId")).isEqualTo(target);
        assertThat(plan.getString("targets[0].fileName")).isEqualTo(OLD_RULES_FILE);
        assertThat(plan.getString("targets[0].fileSha256")).isEqualTo(sha);
        assertThat(plan.getLong("targets[0].fileSize")).isEqualTo(zip.length);

        // And: the version's files, warnings and file choice read it as stored.
        JsonPath version = GraphQL.ok("""
                query($n: String!) {
                  package(name: $n) {
                    versions {
                      manifest warnings files { name sha256 platforms }
                      fileFor(platform: "ubuntu", platformVersion: "22.04", arch: "x86_64") { file sha256 }
                    }
                  }
                  fileSelection(packageName: $n, version: "1.0.0", platform: "ubuntu", platformVersion: "22.04",
                                arch: "x86_64") { found file sha256 }
                }
                """, vars("n", pkg));
        assertThat(version.getString("package.versions[0].manifest")).isEqualTo(storedManifest);
        assertThat(version.getList("package.versions[0].warnings")).isEmpty();
        assertThat(version.getList("package.versions[0].files"))
                .containsExactly(Map.of("name", OLD_RULES_FILE, "sha256", sha, "platforms", List.of("ubuntu")));
        assertThat(version.getMap("package.versions[0].fileFor"))
                .isEqualTo(Map.of("file", OLD_RULES_FILE, "sha256", sha));
        assertThat(version.getMap("fileSelection"))
                .isEqualTo(Map.of("found", true, "file", OLD_RULES_FILE, "sha256", sha));

        // And: the bundle holds the stored manifest and the file under its stored name.
        byte[] bundle = given().when().get("/api/packages/{n}/versions/{v}/bundle", pkg, "1.0.0")
                .then().statusCode(200).extract().asByteArray();
        Map<String, byte[]> entries = Zips.entriesOf(bundle);
        assertThat(entries.keySet()).containsExactly("manifest.json", OLD_RULES_FILE);
        assertThat(new String(entries.get("manifest.json"), StandardCharsets.UTF_8)).isEqualTo(storedManifest);
        assertThat(Zips.sha256(entries.get(OLD_RULES_FILE))).isEqualTo(sha);

        // But: the same manifest as a new version is refused, by GraphQL and by a bundle import.
        JsonPath refused = Catalog.addVersionRefused(pkg, "1.0.1",
                Catalog.linuxManifest("1.0.1", OLD_RULES_FILE, sha));
        assertThat(refused.getString("extensions.code")).isEqualTo("INVALID_MANIFEST");
        assertThat(refused.getString("extensions.jsonPath")).isEqualTo("$.files['" + OLD_RULES_FILE + "']");
        String copy = Catalog.uniqueName("stored-rules-copy");
        JsonPath imported = given().multiPart("bundle", "bundle.zip", bundle, "application/zip")
                .when().post("/api/packages/{n}/bundles", copy)
                .then().statusCode(400).extract().jsonPath();
        assertThat(imported.getString("code")).isEqualTo("INVALID_MANIFEST");
        assertThat(Catalog.versionNames(pkg)).containsExactly("1.0.0");
    }

    private static void storeAsIfPublishedUnderOlderRules(String pkg, String version, String manifest,
            String fileName) throws SQLException {
        try (var db = TestDatabase.connect();
                var row = db.prepareStatement("""
                        update package_version set manifest = ?
                        where version = ? and package_id = (select id from package where name = ?)
                        """);
                var files = db.prepareStatement("""
                        update version_file set file_name = ?
                        where version_id = (select v.id from package_version v join package p on p.id = v.package_id
                                            where p.name = ? and v.version = ?)
                        """)) {
            row.setString(1, manifest);
            row.setString(2, version);
            row.setString(3, pkg);
            assertThat(row.executeUpdate()).isEqualTo(1);
            files.setString(1, fileName);
            files.setString(2, pkg);
            files.setString(3, version);
            assertThat(files.executeUpdate()).isEqualTo(1);
        }
    }
}
