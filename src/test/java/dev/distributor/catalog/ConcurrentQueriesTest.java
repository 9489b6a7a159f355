package dev.distributor.catalog;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;

/**
 * SmallRye GraphQL resolves root fields and batched nested fields concurrently on one Vert.x context, which breaks a
 * shared Hibernate Reactive session (quarkus#32870). This proves the pattern every feature builds on (one session per
 * operation, see UnitOfWork) holds under many simultaneous requests.
 */
@QuarkusTest
class ConcurrentQueriesTest {

    private static final String MANY_ROOTS = """
            query($a: String!, $b: String!, $prefix: String!) {
              first: package(name: $a) { name versions { version isDefault files { name sha256 scripts } } }
              second: package(name: $b) { name versions { version files { name size } } }
              list: packages(filter: { namePrefix: $prefix }) {
                totalCount
                edges { node { name defaultVersion versions { version state files { name } } } }
              }
              platforms { code }
              choice: fileSelection(packageName: $a, platform: "ubuntu", platformVersion: "22.04", arch: "x86_64") {
                found file
              }
            }
            """;

    private static String prefix;
    private static String a;
    private static String b;

    @BeforeEach
    void givenTwoPackagesWithVersionsAndFiles() {
        if (prefix != null) {
            return;
        }
        prefix = Catalog.uniqueName("conc");
        a = prefix + "-a";
        b = prefix + "-b";
        for (String name : List.of(a, b)) {
            GraphQL.ok("mutation($n: String!) { createPackage(input: { name: $n }) { name } }", vars("n", name));
            Catalog.addLinuxVersion(name, "1.0.0", true);
            Catalog.addLinuxVersion(name, "1.1.0", false);
        }
    }

    @Test
    void manyRootFieldsWithBatchedNestedFields_answerCorrectlyUnderConcurrentRequests() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<JsonPath>> requests = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                requests.add(() -> GraphQL.post(MANY_ROOTS, vars("a", a, "b", b, "prefix", prefix)));
            }
            List<Future<JsonPath>> answers = pool.invokeAll(requests);

            for (Future<JsonPath> answer : answers) {
                JsonPath response = answer.get();
                assertThat(response.getList("errors")).as(response.prettify()).isNullOrEmpty();
                assertThat(response.getList("data.first.versions.version")).containsExactly("1.1.0", "1.0.0");
                assertThat(response.getList("data.first.versions.isDefault")).containsExactly(false, true);
                assertThat(response.getList("data.second.versions.files.name"))
                        .containsExactly(List.of("app-linux.zip"), List.of("app-linux.zip"));
                assertThat(response.getInt("data.list.totalCount")).isEqualTo(2);
                assertThat(response.getList("data.list.edges.node.defaultVersion")).containsExactly("1.0.0", "1.0.0");
                assertThat(response.getBoolean("data.choice.found")).isTrue();
                assertThat(response.getList("data.platforms.code")).contains("ubuntu");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nestedFilesOfManyVersions_areLoadedInOneBatchPerLevel() {
        JsonPath data = GraphQL.ok("""
                query($prefix: String!) {
                  packages(filter: { namePrefix: $prefix }) { edges { node { versions { files { sha256 } } } } }
                }
                """, Map.of("prefix", prefix));
        List<List<List<Map<String, String>>>> files = data.getList("packages.edges.node.versions.files");
        assertThat(files).hasSize(2).allSatisfy(perPackage -> assertThat(perPackage).hasSize(2));
    }
}
