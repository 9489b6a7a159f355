package dev.distributor.catalog;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.Catalog;
import dev.distributor.testing.Fleet;
import dev.distributor.testing.GraphQL;

/**
 * Package and version names are compared ignoring case and kept as first written (docs/ROLLOUTS.md "Names and case"):
 * any spelling finds the one package or version, none can be added twice in two spellings, and what is stored or sent
 * to hosts uses the catalog's spelling.
 */
@QuarkusTest
class NameCaseRulesTest {

    private static final String PACKAGE = """
            query($n: String!, $v: String!) { package(name: $n) { name defaultVersion version(version: $v) { version } } }
            """;

    @Test
    void givenAPackage_whenLookedUpInAnotherCase_thenItIsFoundUnderItsOwnSpelling() {
        String pkg = Catalog.createPackage("demo");
        Catalog.addLinuxVersion(pkg, "1.10.0-RC1", true);

        JsonPath found = GraphQL.ok(PACKAGE, vars("n", pkg.toUpperCase(Locale.ROOT), "v", "1.10.0-rc1"))
                .setRootPath("data.package");

        assertThat(found.getString("name")).isEqualTo(pkg);
        assertThat(found.getString("version.version")).isEqualTo("1.10.0-RC1");
    }

    @Test
    void givenAPackage_whenCreatedAgainInAnotherCase_thenItIsRefusedNamingTheExistingOne() {
        String pkg = Catalog.createPackage("demo");

        JsonPath error = GraphQL.error("""
                mutation($input: CreatePackageInput!) { createPackage(input: $input) { name } }
                """, vars("input", Map.of("name", pkg.toUpperCase(Locale.ROOT))));

        assertThat(error.getString("extensions.code")).isEqualTo("PACKAGE_EXISTS");
        assertThat(error.getString("message")).contains("'" + pkg + "'");
    }

    @Test
    void givenAVersion_whenAnotherDifferingOnlyByCaseIsAdded_thenItIsRefusedAndNothingIsStored() {
        String pkg = Catalog.createPackage("demo");
        Catalog.addLinuxVersion(pkg, "1.10.0-RC1", false);

        JsonPath error = Catalog.addVersionRefused(pkg, "1.10.0-rc1", Catalog.linuxManifest("1.10.0-rc1",
                "app-linux.zip", Catalog.upload("app-linux.zip", Catalog.linuxZip(pkg, "1.10.0-rc1"))));

        assertThat(error.getString("extensions.code")).isEqualTo("VERSION_EXISTS");
        assertThat(error.getString("message")).contains("'1.10.0-RC1'", "only by case");
        assertThat(Catalog.versionNames(pkg)).containsExactly("1.10.0-RC1");
    }

    @Test
    void givenAVersion_whenMadeTheDefaultInAnotherCase_thenTheDefaultKeepsTheStoredSpelling() {
        String pkg = Catalog.createPackage("demo");
        Catalog.addLinuxVersion(pkg, "1.0.0-A", true);
        Catalog.addLinuxVersion(pkg, "2.0.0-B", true);

        JsonPath answer = GraphQL.ok(
                """
                        mutation($p: String!, $v: String!) { setDefaultVersion(packageName: $p, version: $v) { defaultVersion } }
                        """,
                vars("p", pkg.toUpperCase(Locale.ROOT), "v", "2.0.0-b"));

        assertThat(answer.getString("setDefaultVersion.defaultVersion")).isEqualTo("2.0.0-B");
        assertThat(Catalog.defaultVersion(pkg)).isEqualTo("2.0.0-B");
    }

    @Test
    void givenADeploymentNamingPackageAndVersionInAnotherCase_thenItStoresTheCatalogSpelling() {
        String pkg = Catalog.createPackage("demo");
        Catalog.addLinuxVersion(pkg, "1.10.0-RC1", true);
        String host = Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", "111122223333", "eu-west-1", "{}",
                OffsetDateTime.now()));

        JsonPath created = GraphQL.ok("""
                mutation($input: CreateDeploymentInput!) {
                  createDeployment(input: $input) { packageName version }
                }
                """, vars("input", Map.of("packageName", pkg.toUpperCase(Locale.ROOT), "version", "1.10.0-rc1",
                "selector", Map.of("instanceIds", List.of(host))))).setRootPath("data.createDeployment");

        assertThat(created.getString("packageName")).isEqualTo(pkg);
        assertThat(created.getString("version")).isEqualTo("1.10.0-RC1");
        List<String> listed = GraphQL.ok("""
                query($p: String!) { deployments(packageName: $p) { edges { node { packageName } } } }
                """, vars("p", pkg.toUpperCase(Locale.ROOT))).getList("deployments.edges.node.packageName");
        assertThat(listed).containsExactly(pkg);
    }

    @Test
    void givenAHostWithAPackage_whenTargetsAreFilteredByItInAnotherCase_thenTheHostIsFound() {
        String pkg = Catalog.createPackage("demo");
        String host = Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", "111122223333", "eu-west-1", "{}",
                OffsetDateTime.now()));
        Fleet.installed(host, Map.of(pkg, "1.10.0-RC1"));

        List<String> found = GraphQL.ok("""
                query($f: TargetFilterInput) { targets(filter: $f) { edges { node { instanceId } } } }
                """, vars("f", Map.of("hasPackage", pkg.toUpperCase(Locale.ROOT), "hasPackageVersion",
                "1.10.0-rc1"))).getList("targets.edges.node.instanceId");

        assertThat(found).containsExactly(host);
    }
}
