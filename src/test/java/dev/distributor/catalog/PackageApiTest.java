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

@QuarkusTest
class PackageApiTest {

    private static final String CREATE = """
            mutation($input: CreatePackageInput!) {
              createPackage(input: $input) { name description publisher tags { key value } defaultVersion archived }
            }
            """;

    @Test
    void createPackage_returnsThePackageAndPackageFindsIt() {
        String name = Catalog.uniqueName("agent");

        JsonPath created = GraphQL.ok(CREATE, vars("input", Map.of("name", name, "description", "Monitoring agent",
                "publisher", "Example Corp", "tags", List.of(Map.of("key", "team", "value", "ops")))));

        assertThat(created.getString("createPackage.name")).isEqualTo(name);
        assertThat(created.getString("createPackage.defaultVersion")).isNull();
        JsonPath found = GraphQL.ok("query($n: String!) { package(name: $n) { name publisher tags { key value } } }",
                vars("n", name));
        assertThat(found.getString("package.publisher")).isEqualTo("Example Corp");
        assertThat(found.getList("package.tags")).containsExactly(Map.of("key", "team", "value", "ops"));
    }

    @Test
    void package_isNullForAnUnknownName() {
        // A name unique to this call: a fixed one is a name another test could create.
        JsonPath found = GraphQL.ok("query($n: String!) { package(name: $n) { name } }",
                vars("n", Catalog.uniqueName("no-such-package")));
        assertThat(found.getString("package")).isNull();
    }

    @Test
    void createPackage_refusesANameTakenIgnoringCase() {
        String name = Catalog.createPackage("dup");

        JsonPath error = GraphQL.error(CREATE, vars("input", Map.of("name", name.toUpperCase())));

        assertThat(error.getString("extensions.code")).isEqualTo("PACKAGE_EXISTS");
        assertThat(error.getString("message")).contains(name);
    }

    @Test
    void createPackage_refusesNamesOutsideThePattern() {
        for (String bad : List.of("ab", "has space", "slash/name", "x".repeat(129), "ünïcode")) {
            JsonPath error = GraphQL.error(CREATE, vars("input", Map.of("name", bad)));
            assertThat(error.getString("extensions.code")).as(bad).isEqualTo("INVALID_NAME");
            assertThat(error.getString("extensions.field")).isEqualTo("name");
        }
    }

    @Test
    void createPackage_refusesDuplicateTagKeys() {
        JsonPath error = GraphQL.error(CREATE, vars("input", Map.of("name", Catalog.uniqueName("tags"), "tags",
                List.of(Map.of("key", "env", "value", "a"), Map.of("key", "env", "value", "b")))));
        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_INPUT");
    }

    @Test
    void packages_filtersByPrefixPublisherAndTag_andPagesWithCursors() {
        String prefix = Catalog.uniqueName("list");
        for (int i = 0; i < 5; i++) {
            GraphQL.ok(CREATE, vars("input", Map.of("name", prefix + "-" + i, "publisher", prefix,
                    "tags", List.of(Map.of("key", "tier", "value", i % 2 == 0 ? "even" : "odd")))));
        }
        String query = """
                query($filter: PackageFilterInput, $first: Int, $after: String) {
                  packages(filter: $filter, first: $first, after: $after) {
                    totalCount
                    edges { cursor node { name } }
                    pageInfo { hasNextPage endCursor }
                  }
                }
                """;

        JsonPath first = GraphQL.ok(query, vars("filter", Map.of("namePrefix", prefix.toUpperCase()), "first", 2))
                .setRootPath("data.packages");
        assertThat(first.getInt("totalCount")).isEqualTo(5);
        assertThat(first.getList("edges.node.name")).containsExactly(prefix + "-0", prefix + "-1");
        assertThat(first.getBoolean("pageInfo.hasNextPage")).isTrue();

        JsonPath rest = GraphQL.ok(query, vars("filter", Map.of("namePrefix", prefix), "first", 10,
                "after", first.getString("pageInfo.endCursor"))).setRootPath("data.packages");
        assertThat(rest.getList("edges.node.name")).containsExactly(prefix + "-2", prefix + "-3", prefix + "-4");
        assertThat(rest.getBoolean("pageInfo.hasNextPage")).isFalse();

        JsonPath odd = GraphQL.ok(query, vars("filter", Map.of("publisher", prefix, "tag", "tier=odd")))
                .setRootPath("data.packages");
        assertThat(odd.getList("edges.node.name")).containsExactly(prefix + "-1", prefix + "-3");

        JsonPath tagged = GraphQL.ok(query, vars("filter", Map.of("publisher", prefix, "tag", "tier")))
                .setRootPath("data.packages");
        assertThat(tagged.getInt("totalCount")).isEqualTo(5);
    }

    @Test
    void packages_refusesAPageSizeOutOfRange() {
        JsonPath error = GraphQL.error("{ packages(first: 0) { totalCount } }", Map.of());
        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_INPUT");
        assertThat(error.getString("extensions.field")).isEqualTo("first");
    }

    @Test
    void platforms_listsTheSeedTable() {
        JsonPath data = GraphQL.ok("{ platforms { code architectures } }", Map.of());
        assertThat(data.getList("platforms.code")).contains("windows", "ubuntu", "redhat", "amazon", "oracle",
                "opensuseleap");
        assertThat(data.getList("platforms.find { it.code == 'oracle' }.architectures")).containsExactly("x86_64");
    }

    @Test
    void aQueryNestedDeeperThanTheLimit_isRefusedBeforeItRuns() {
        String deep = "{ packages { edges { node { versions { files { name } } } } } }";
        String tooDeep = "{ __schema { types { fields { type " + "{ ofType ".repeat(12) + "{ name }"
                + " }".repeat(12) + " } } } }";

        assertThat(GraphQL.post(deep, Map.of()).getList("errors")).isNull();
        JsonPath refused = GraphQL.post(tooDeep, Map.of());
        assertThat(refused.getString("errors[0].message")).containsIgnoringCase("depth");
    }
}
