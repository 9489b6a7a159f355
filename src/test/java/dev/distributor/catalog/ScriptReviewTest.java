package dev.distributor.catalog;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Zips;

@QuarkusTest
class ScriptReviewTest {

    @Test
    void aDraftVersionShowsTheTextOfEveryRootScript_beforeItIsPublished() {
        String name = Catalog.createPackage("review");
        // Bytes of this package's own: the same bytes from an earlier run would reuse the scripts stored then.
        byte[] zip = Zips.linuxPackage(name)
                .with("install.sh", "#!/bin/sh\necho review-install\n")
                .with("update.sh", "#!/bin/sh\necho review-update\n")
                .with("docs/install.sh", "not a root script")
                .bytes();
        String sha = Catalog.upload("app.zip", zip);
        Catalog.addVersion(name, "1.0", Catalog.linuxManifest("1.0", "app.zip", sha), false);

        JsonPath data = GraphQL
                .ok("""
                        query($n: String!) {
                          package(name: $n) { version(version: "1.0") { state files { scriptSources { name content truncated } } } }
                        }
                        """,
                        vars("n", name))
                .setRootPath("data.package.version");

        assertThat(data.getString("state")).isEqualTo("DRAFT");
        assertThat(data.getList("files[0].scriptSources.name"))
                .containsExactly("install.sh", "uninstall.sh", "update.sh");
        assertThat(data.getString("files[0].scriptSources[0].content")).isEqualTo("#!/bin/sh\necho review-install\n");
        assertThat(data.getList("files[0].scriptSources.truncated")).containsOnly(false);
    }

    @Test
    void identicalZipsInTwoPackagesShareTheirScripts() {
        byte[] zip = Zips.linuxPackage(Catalog.uniqueName("shared-scripts")).bytes();
        String first = Catalog.createPackage("review-a");
        String second = Catalog.createPackage("review-b");
        String sha = Catalog.upload("app.zip", zip);
        Catalog.addVersion(first, "1", Catalog.linuxManifest("1", "app.zip", sha), false);
        Catalog.addVersion(second, "1", Catalog.linuxManifest("1", "app.zip", sha), false);

        String query = """
                query($a: String!, $b: String!) {
                  a: package(name: $a) { versions { files { scriptSources { name content } } } }
                  b: package(name: $b) { versions { files { scriptSources { name content } } } }
                }
                """;
        JsonPath data = GraphQL.ok(query, Map.of("a", first, "b", second));

        assertThat(data.getList("a.versions[0].files[0].scriptSources")).hasSize(2)
                .isEqualTo(data.getList("b.versions[0].files[0].scriptSources"));
    }
}
