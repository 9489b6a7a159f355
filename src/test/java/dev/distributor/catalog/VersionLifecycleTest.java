package dev.distributor.catalog;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Zips;

/** A version's life: added as a DRAFT, published, made the default, deprecated, deleted. */
@QuarkusTest
class VersionLifecycleTest {

    private static final String DEPRECATE = """
            mutation($p: String!, $v: String!) { deprecateVersion(packageName: $p, version: $v) { version state } }
            """;
    private static final String SET_DEFAULT = """
            mutation($p: String!, $v: String!) { setDefaultVersion(packageName: $p, version: $v) { name defaultVersion } }
            """;
    private static final String DELETE_VERSION = """
            mutation($p: String!, $v: String!) { deleteVersion(packageName: $p, version: $v) }
            """;
    private static final String DELETE_PACKAGE = """
            mutation($n: String!) { deletePackage(name: $n) }
            """;
    private static final String VERSIONS = """
            query($n: String!) { package(name: $n) { defaultVersion versions { version state isDefault } } }
            """;
    private static final String FILE_SELECTION = """
            query($p: String!, $v: String, $platform: String!, $pv: String!, $arch: String!) {
              fileSelection(packageName: $p, version: $v, platform: $platform, platformVersion: $pv, arch: $arch) {
                found file sha256 platformKey platformVersionKey archKey reason
              }
            }
            """;

    @Test
    void givenAnUploadedZip_whenAddingAVersion_thenItIsADraftListingTheFile() {
        String pkg = Catalog.createPackage("life");
        byte[] zip = Zips.linuxPackage(pkg).with("update.sh", "#!/bin/sh\necho update\n").bytes();
        String sha = Catalog.upload("app-linux.zip", zip);

        JsonPath version = Catalog.addVersionWithFiles(pkg, "1.0.0",
                Catalog.linuxManifest("1.0.0", "app-linux.zip", sha), false);

        assertThat(version.getString("packageName")).isEqualTo(pkg);
        assertThat(version.getString("version")).isEqualTo("1.0.0");
        assertThat(version.getString("state")).isEqualTo("DRAFT");
        assertThat(version.getBoolean("isDefault")).isFalse();
        assertThat(version.getList("files.name")).containsExactly("app-linux.zip");
        assertThat(version.getString("files[0].sha256")).isEqualTo(sha);
        assertThat(version.getLong("files[0].size")).isEqualTo(zip.length);
        assertThat(version.getList("files[0].scripts", String.class))
                .containsExactlyInAnyOrder("install.sh", "uninstall.sh", "update.sh");
        assertThat(version.getList("files[0].platforms")).containsExactly("ubuntu");
        assertThat(version.getString("files[0].key")).isEqualTo("artifacts/sha256/" + sha);
        assertThat(Catalog.defaultVersion(pkg)).isNull();
    }

    @Test
    void givenADraft_whenPublished_thenTheFirstPublishedVersionBecomesTheDefault() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);

        JsonPath published = Catalog.publish(pkg, "1.0.0");

        assertThat(published.getString("state")).isEqualTo("PUBLISHED");
        assertThat(published.getBoolean("isDefault")).isTrue();
        assertThat(published.getString("publishedAt")).isNotNull();
        assertThat(Catalog.defaultVersion(pkg)).isEqualTo("1.0.0");
    }

    @Test
    void givenADefault_whenAnotherVersionIsPublished_thenTheDefaultStays() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", false);

        JsonPath published = Catalog.publish(pkg, "2.0.0");

        assertThat(published.getBoolean("isDefault")).isFalse();
        assertThat(Catalog.defaultVersion(pkg)).isEqualTo("1.0.0");
    }

    @Test
    void givenAVersionAddedWithPublishTrue_thenItIsPublishedAndTheDefault() {
        String pkg = Catalog.createPackage("life");

        JsonPath version = Catalog.addLinuxVersion(pkg, "1.0.0", true);

        assertThat(version.getString("state")).isEqualTo("PUBLISHED");
        assertThat(version.getBoolean("isDefault")).isTrue();
        assertThat(Catalog.defaultVersion(pkg)).isEqualTo("1.0.0");
    }

    @Test
    void givenTwoPublishedVersions_whenTheOtherIsMadeDefault_thenPackageAndVersionsAgree() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);

        JsonPath changed = GraphQL.ok(SET_DEFAULT, vars("p", pkg, "v", "2.0.0"));

        assertThat(changed.getString("setDefaultVersion.defaultVersion")).isEqualTo("2.0.0");
        JsonPath found = GraphQL.ok(VERSIONS, vars("n", pkg)).setRootPath("data.package");
        assertThat(found.getString("defaultVersion")).isEqualTo("2.0.0");
        assertThat(found.getBoolean("versions.find { it.version == '2.0.0' }.isDefault")).isTrue();
        assertThat(found.getBoolean("versions.find { it.version == '1.0.0' }.isDefault")).isFalse();
    }

    @Test
    void givenADraft_whenMadeTheDefault_thenRefusedAsInvalidState() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", false);

        JsonPath error = GraphQL.error(SET_DEFAULT, vars("p", pkg, "v", "2.0.0"));

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_STATE");
        assertThat(error.getString("message")).contains("2.0.0", "DRAFT");
        assertThat(Catalog.defaultVersion(pkg)).isEqualTo("1.0.0");
    }

    @Test
    void givenTheDefaultVersion_whenDeprecated_thenRefusedAsInUse() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);

        JsonPath error = GraphQL.error(DEPRECATE, vars("p", pkg, "v", "1.0.0"));

        assertThat(error.getString("extensions.code")).isEqualTo("VERSION_IN_USE");
        assertThat(stateOf(pkg, "1.0.0")).isEqualTo("PUBLISHED");
    }

    @Test
    void givenAPublishedVersionThatIsNotTheDefault_whenDeprecated_thenItIsDeprecated() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", true);

        JsonPath deprecated = GraphQL.ok(DEPRECATE, vars("p", pkg, "v", "2.0.0"));

        assertThat(deprecated.getString("deprecateVersion.state")).isEqualTo("DEPRECATED");
        assertThat(stateOf(pkg, "2.0.0")).isEqualTo("DEPRECATED");
    }

    @Test
    void givenAPublishedVersion_whenPublishedAgain_thenNothingChanges() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);
        Catalog.publish(pkg, "1.0.0");
        String publishedAt = publishedAtOf(pkg, "1.0.0");

        JsonPath again = Catalog.publish(pkg, "1.0.0");

        assertThat(again.getString("state")).isEqualTo("PUBLISHED");
        assertThat(again.getBoolean("isDefault")).isTrue();
        assertThat(publishedAtOf(pkg, "1.0.0")).isEqualTo(publishedAt);
    }

    @Test
    void givenADraft_whenPublished_thenTheAnsweredPublishedAtIsTheOneLaterQueriesReport() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);

        JsonPath published = Catalog.publish(pkg, "1.0.0");

        assertThat(published.getString("publishedAt")).isEqualTo(publishedAtOf(pkg, "1.0.0"));
    }

    @Test
    void givenADraft_whenDeprecated_thenRefusedAsInvalidState() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);

        JsonPath error = GraphQL.error(DEPRECATE, vars("p", pkg, "v", "1.0.0"));

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_STATE");
        assertThat(stateOf(pkg, "1.0.0")).isEqualTo("DRAFT");
    }

    @Test
    void givenTheDefaultVersion_whenDeleted_thenRefusedAsInUseWithAHintToSetAnotherDefault() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);

        JsonPath error = GraphQL.error(DELETE_VERSION, vars("p", pkg, "v", "1.0.0"));

        assertThat(error.getString("extensions.code")).isEqualTo("VERSION_IN_USE");
        assertThat(error.getString("message")).contains("default").contains("set another default");
        assertThat(Catalog.versionNames(pkg)).containsExactly("1.0.0");
    }

    @Test
    void givenAVersionThatIsNotTheDefault_whenDeleted_thenItDisappearsFromThePackage() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", false);

        JsonPath deleted = GraphQL.ok(DELETE_VERSION, vars("p", pkg, "v", "2.0.0"));

        assertThat(deleted.getBoolean("deleteVersion")).isTrue();
        assertThat(Catalog.versionNames(pkg)).containsExactly("1.0.0");
        JsonPath lookup = GraphQL.ok(
                "query($n: String!) { package(name: $n) { version(version: \"2.0.0\") { state } } }",
                vars("n", pkg));
        assertThat(lookup.getString("package.version")).isNull();
    }

    @Test
    void givenAPackageWithADefaultAndADraft_whenDeleted_thenThePackageAndItsVersionsAreGone() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", false);

        JsonPath deleted = GraphQL.ok(DELETE_PACKAGE, vars("n", pkg));

        assertThat(deleted.getBoolean("deletePackage")).isTrue();
        assertThat(GraphQL.ok("query($n: String!) { package(name: $n) { name } }", vars("n", pkg))
                .getString("package")).isNull();
        // A package re-created under the same name starts empty: the old versions went with the old package.
        Catalog.createPackageNamed(pkg);
        assertThat(Catalog.versionNames(pkg)).isEmpty();
        String sha = Catalog.upload("app-linux.zip", Zips.linuxPackage(pkg + "-recreated").bytes());
        assertThat(Catalog.addVersion(pkg, "1.0.0", Catalog.linuxManifest("1.0.0", "app-linux.zip", sha), false)
                .getString("state")).isEqualTo("DRAFT");
    }

    @Test
    void givenNoSuchPackage_whenAnyOperationNamesIt_thenPackageNotFound() {
        String missing = Catalog.uniqueName("missing");
        Map<String, Object> names = vars("p", missing, "v", "1.0.0");
        List<String> documents = List.of(Catalog.PUBLISH, DEPRECATE, SET_DEFAULT, DELETE_VERSION,
                "mutation($p: String!) { deletePackage(name: $p) }",
                """
                        query($p: String!, $v: String!) {
                          fileSelection(packageName: $p, version: $v, platform: "ubuntu", platformVersion: "22.04",
                            arch: "x86_64") { found }
                        }
                        """);

        for (String document : documents) {
            assertThat(GraphQL.error(document, names).getString("extensions.code")).as(document)
                    .isEqualTo("PACKAGE_NOT_FOUND");
        }
        byte[] zip = Zips.linuxPackage(missing).bytes();
        String manifest = Catalog.linuxManifest("1.0.0", "app-linux.zip", Catalog.upload("app-linux.zip", zip));
        assertThat(Catalog.addVersionRefused(missing, "1.0.0", manifest).getString("extensions.code"))
                .isEqualTo("PACKAGE_NOT_FOUND");
    }

    @Test
    void givenAPackage_whenAnOperationNamesAMissingVersion_thenVersionNotFound() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Map<String, Object> names = vars("p", pkg, "v", "9.9.9");
        List<String> documents = List.of(Catalog.PUBLISH, DEPRECATE, SET_DEFAULT, DELETE_VERSION,
                """
                        query($p: String!, $v: String!) {
                          fileSelection(packageName: $p, version: $v, platform: "ubuntu", platformVersion: "22.04",
                            arch: "x86_64") { found }
                        }
                        """);

        for (String document : documents) {
            JsonPath error = GraphQL.error(document, names);
            assertThat(error.getString("extensions.code")).as(document).isEqualTo("VERSION_NOT_FOUND");
            assertThat(error.getString("message")).as(document).contains("9.9.9");
        }
    }

    @Test
    void givenAVersion_whenTheSameVersionNameIsAddedAgain_thenVersionExists() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);
        byte[] other = Zips.linuxPackage(pkg + "-other").bytes();
        String manifest = Catalog.linuxManifest("1.0.0", "app-linux.zip", Catalog.upload("app-linux.zip", other));

        JsonPath error = Catalog.addVersionRefused(pkg, "1.0.0", manifest);

        assertThat(error.getString("extensions.code")).isEqualTo("VERSION_EXISTS");
        assertThat(error.getString("extensions.field")).isEqualTo("version");
        assertThat(Catalog.versionNames(pkg)).containsExactly("1.0.0");
    }

    @Test
    void givenTwoVersions_whenQueryingTheirFilesThroughThePackage_thenEachListsItsOwnZip() {
        String pkg = Catalog.createPackage("life");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", false);
        String sha1 = Zips.sha256(Catalog.linuxZip(pkg, "1.0.0"));
        String sha2 = Zips.sha256(Catalog.linuxZip(pkg, "2.0.0"));

        JsonPath found = GraphQL.ok("""
                query($n: String!) {
                  package(name: $n) { versions { version files { name sha256 key scripts platforms } } }
                }
                """, vars("n", pkg)).setRootPath("data.package");

        assertThat(found.getList("versions.version")).containsExactly("2.0.0", "1.0.0");
        assertThat(found.getString("versions[0].files[0].sha256")).isEqualTo(sha2);
        assertThat(found.getString("versions[1].files[0].sha256")).isEqualTo(sha1);
        assertThat(found.getString("versions[1].files[0].key")).isEqualTo("artifacts/sha256/" + sha1);
        assertThat(found.getList("versions[0].files[0].platforms")).containsExactly("ubuntu");
    }

    @Test
    void givenAMatchingHost_whenAskingFileSelection_thenTheFileAndTheReasonAreGiven() {
        String pkg = Catalog.createPackage("select");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        String sha = Zips.sha256(Catalog.linuxZip(pkg, "1.0.0"));

        JsonPath choice = GraphQL.ok(FILE_SELECTION, vars("p", pkg, "v", "1.0.0", "platform", "ubuntu", "pv",
                "22.04", "arch", "x86_64")).setRootPath("data.fileSelection");

        assertThat(choice.getBoolean("found")).isTrue();
        assertThat(choice.getString("file")).isEqualTo("app-linux.zip");
        assertThat(choice.getString("sha256")).isEqualTo(sha);
        assertThat(choice.getString("platformKey")).isEqualTo("ubuntu");
        assertThat(choice.getString("platformVersionKey")).isEqualTo("_any");
        assertThat(choice.getString("archKey")).isEqualTo("x86_64");
        assertThat(choice.getString("reason")).isNotBlank();
    }

    @Test
    void givenAHostNoEntryMatches_whenAskingFileSelection_thenNotFoundWithTheReason() {
        String pkg = Catalog.createPackage("select");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);

        JsonPath choice = GraphQL.ok(FILE_SELECTION, vars("p", pkg, "v", "1.0.0", "platform", "windows", "pv",
                "10", "arch", "x86_64")).setRootPath("data.fileSelection");

        assertThat(choice.getBoolean("found")).isFalse();
        assertThat(choice.getString("file")).isNull();
        assertThat(choice.getString("platformKey")).isNull();
        assertThat(choice.getString("reason")).contains("windows");
    }

    @Test
    void givenADefaultAndANewerDraft_whenAskingFileSelectionWithoutAVersion_thenTheDefaultIsUsed() {
        String pkg = Catalog.createPackage("select");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0", false);
        String defaultSha = Zips.sha256(Catalog.linuxZip(pkg, "1.0.0"));
        String draftSha = Zips.sha256(Catalog.linuxZip(pkg, "2.0.0"));

        JsonPath withoutVersion = GraphQL.ok(FILE_SELECTION, vars("p", pkg, "platform", "ubuntu", "pv", "22.04",
                "arch", "x86_64")).setRootPath("data.fileSelection");
        JsonPath namingTheDraft = GraphQL.ok(FILE_SELECTION, vars("p", pkg, "v", "2.0.0", "platform", "ubuntu",
                "pv", "22.04", "arch", "x86_64")).setRootPath("data.fileSelection");

        assertThat(withoutVersion.getString("sha256")).isEqualTo(defaultSha);
        assertThat(namingTheDraft.getString("sha256")).isEqualTo(draftSha);
    }

    @Test
    void givenAVersion_whenAskingItsFileForAHost_thenAMatchAndAMissAreExplained() {
        String pkg = Catalog.createPackage("select");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);

        JsonPath version = GraphQL.ok("""
                query($n: String!) {
                  package(name: $n) {
                    version(version: "1.0.0") {
                      hit: fileFor(platform: "ubuntu", platformVersion: "24.04", arch: "x86_64") { found file reason }
                      miss: fileFor(platform: "ubuntu", platformVersion: "24.04", arch: "arm64") {
                        found file archKey reason
                      }
                    }
                  }
                }
                """, vars("n", pkg)).setRootPath("data.package.version");

        assertThat(version.getBoolean("hit.found")).isTrue();
        assertThat(version.getString("hit.file")).isEqualTo("app-linux.zip");
        assertThat(version.getString("hit.reason")).isNotBlank();
        assertThat(version.getBoolean("miss.found")).isFalse();
        assertThat(version.getString("miss.file")).isNull();
        assertThat(version.getString("miss.archKey")).isNull();
        assertThat(version.getString("miss.reason")).contains("arm64");
    }

    private static String publishedAtOf(String pkg, String version) {
        return GraphQL
                .ok("query($n: String!, $v: String!) { package(name: $n) { version(version: $v) { publishedAt } } }",
                        vars("n", pkg, "v", version))
                .getString("package.version.publishedAt");
    }

    private static String stateOf(String pkg, String version) {
        return GraphQL.ok(VERSIONS, vars("n", pkg))
                .getString("package.versions.find { it.version == '" + version + "' }.state");
    }
}
