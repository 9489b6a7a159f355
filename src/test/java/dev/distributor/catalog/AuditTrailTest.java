package dev.distributor.catalog;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.AuditEvents;
import dev.distributor.testing.AuditEvents.Audited;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Zips;

/** Every successful catalog change writes exactly one audit row; a refused change writes none. */
@QuarkusTest
class AuditTrailTest {

    private static final String LOCAL = "local";

    @Test
    void whenAPackageIsCreated_thenOneRowRecordsPackageCreate() {
        String pkg = Catalog.uniqueName("audit");

        var rows = AuditEvents.writtenBy(pkg, () -> Catalog.createPackageNamed(pkg));

        assertThat(rows).containsExactly(new Audited("package.create", "package/" + pkg, LOCAL));
    }

    @Test
    void whenAVersionIsAdded_thenOneRowRecordsVersionAdd() {
        String pkg = Catalog.createPackage("audit");

        var rows = AuditEvents.writtenBy(pkg, () -> Catalog.addLinuxVersion(pkg, "1.0.0", false));

        assertThat(rows).containsExactly(new Audited("version.add", versionResource(pkg, "1.0.0"), LOCAL));
    }

    @Test
    void whenAVersionIsAdded_thenTheRowDetailsAreAJsonObjectNamingStateAndFiles() {
        String pkg = Catalog.createPackage("audit");

        Catalog.addLinuxVersion(pkg, "1.0.0", false);

        JsonPath details = JsonPath.from(AuditEvents.latestDetails(versionResource(pkg, "1.0.0")));
        assertThat(details.get("$") instanceof Map).as("details is a JSON object: " + details.prettify()).isTrue();
        assertThat(details.getString("state")).isEqualTo("DRAFT");
        assertThat(details.getList("files")).containsExactly("app-linux.zip");
    }

    @Test
    void whenAVersionIsPublished_thenOneRowRecordsVersionPublish() {
        String pkg = Catalog.createPackage("audit");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);

        var rows = AuditEvents.writtenBy(pkg, () -> Catalog.publish(pkg, "1.0.0"));

        assertThat(rows).containsExactly(new Audited("version.publish", versionResource(pkg, "1.0.0"), LOCAL));
    }

    @Test
    void whenAVersionIsDeprecated_thenOneRowRecordsVersionDeprecate() {
        String pkg = Catalog.createPackage("audit");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);

        var rows = AuditEvents.writtenBy(pkg, () -> GraphQL.ok("""
                mutation($p: String!) { deprecateVersion(packageName: $p, version: "2.0.0") { state } }
                """, vars("p", pkg)));

        assertThat(rows).containsExactly(new Audited("version.deprecate", versionResource(pkg, "2.0.0"), LOCAL));
    }

    @Test
    void whenTheDefaultVersionIsSet_thenOneRowRecordsPackageSetDefaultVersion() {
        String pkg = Catalog.createPackage("audit");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);

        var rows = AuditEvents.writtenBy(pkg, () -> GraphQL.ok("""
                mutation($p: String!) { setDefaultVersion(packageName: $p, version: "2.0.0") { defaultVersion } }
                """, vars("p", pkg)));

        assertThat(rows).containsExactly(new Audited("package.setDefaultVersion", "package/" + pkg, LOCAL));
    }

    @Test
    void whenAVersionIsDeleted_thenOneRowRecordsVersionDelete() {
        String pkg = Catalog.createPackage("audit");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);

        var rows = AuditEvents.writtenBy(pkg, () -> GraphQL.ok("""
                mutation($p: String!) { deleteVersion(packageName: $p, version: "1.0.0") }
                """, vars("p", pkg)));

        assertThat(rows).containsExactly(new Audited("version.delete", versionResource(pkg, "1.0.0"), LOCAL));
    }

    @Test
    void whenAPackageIsDeleted_thenOneRowRecordsPackageDelete() {
        String pkg = Catalog.createPackage("audit");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);

        var rows = AuditEvents.writtenBy(pkg, () -> GraphQL.ok("mutation($n: String!) { deletePackage(name: $n) }",
                vars("n", pkg)));

        assertThat(rows).containsExactly(new Audited("package.delete", "package/" + pkg, LOCAL));
    }

    @Test
    void givenAPackage_whenCreatingItAgain_thenTheRefusalWritesNoRow() {
        String pkg = Catalog.createPackage("audit");

        var rows = AuditEvents.writtenBy(pkg, () -> GraphQL.error("""
                mutation($input: CreatePackageInput!) { createPackage(input: $input) { name } }
                """, vars("input", Map.of("name", pkg))));

        assertThat(rows).isEmpty();
    }

    @Test
    void givenBytesNotMatchingTheirSha256_whenAddingAVersion_thenTheRefusalWritesNoRow() {
        String pkg = Catalog.createPackage("audit");
        String claimed = Zips.sha256(Zips.linuxPackage(pkg + "-claimed").bytes());
        Catalog.uploadAs("app-linux.zip", Zips.linuxPackage(pkg + "-sent").bytes(), claimed);

        var rows = AuditEvents.writtenBy(pkg, () -> Catalog.addVersionRefused(pkg, "1.0.0",
                Catalog.linuxManifest("1.0.0", "app-linux.zip", claimed)));

        assertThat(rows).isEmpty();
    }

    @Test
    void givenTheDefaultVersion_whenDeletingIt_thenTheRefusalWritesNoRow() {
        String pkg = Catalog.createPackage("audit");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);

        var rows = AuditEvents.writtenBy(pkg, () -> GraphQL.error("""
                mutation($p: String!) { deleteVersion(packageName: $p, version: "1.0.0") }
                """, vars("p", pkg)));

        assertThat(rows).isEmpty();
    }

    private static String versionResource(String pkg, String version) {
        return "package/" + pkg + "/version/" + version;
    }
}
