package dev.distributor.hostile;

import static dev.distributor.testing.GraphQL.vars;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.hostile.HostileCorpus.CaseFile;
import dev.distributor.hostile.HostileCorpus.HostileCase;
import dev.distributor.testing.BucketObjects;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.TestDatabase;

/**
 * Sends every case of the hostile corpus (src/test/resources/hostile, see its README) through the REST one-request
 * upload and through the GraphQL presigned flow, as a hostile publisher would, and checks the refusal: the code the
 * case expects (never INTERNAL, never a 5xx), no version row, no artifact row, no object left in the bucket, and a
 * service that still answers /q/health.
 */
@QuarkusTest
class HostileUploadTest {

    private static final String ADD_VERSION = """
            mutation($input: AddPackageVersionInput!) {
              addPackageVersion(input: $input) { packageName version state }
            }
            """;

    private static boolean leftoversRemoved;

    static Stream<Arguments> uploads() {
        return HostileCorpus.load().stream()
                .flatMap(c -> c.flows().stream().map(flow -> Arguments.of(c.id(), flow)));
    }

    /**
     * A database an earlier run (of an older service, say) left rows in would let a corpus file through as "already
     * verified": remove those rows, once. Only the packages whose versions use a corpus file go (they hold the
     * artifact rows), not every "hostile-*" package: other classes name theirs so too and may still read them.
     */
    @BeforeEach
    void removeLeftoversOfEarlierRuns() throws SQLException {
        if (leftoversRemoved) {
            return;
        }
        Set<String> shas = new LinkedHashSet<>();
        HostileCorpus.load().forEach(c -> shas.addAll(shasOf(c)));
        try (Connection db = TestDatabase.connect()) {
            var packages = db.prepareStatement("""
                    delete from package p where exists (select 1 from package_version v
                        join version_file f on f.version_id = v.id where v.package_id = p.id and f.sha256 = any(?))
                    """);
            packages.setArray(1, db.createArrayOf("text", shas.toArray()));
            packages.execute();
            var artifacts = db.prepareStatement("delete from artifact where sha256 = any(?) and not exists "
                    + "(select 1 from version_file f where f.sha256 = artifact.sha256)");
            artifacts.setArray(1, db.createArrayOf("text", shas.toArray()));
            artifacts.execute();
        }
        leftoversRemoved = true;
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("uploads")
    void aHostileUpload_isRefusedWithItsCode_andStoresNoRowAndNoObject_andTheServiceStaysHealthy(String id,
            String flow) throws SQLException {
        HostileCase hostile = HostileCorpus.load().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        String packageName = hostile.packageName() != null ? hostile.packageName() : Catalog.createPackage("hostile");
        List<String> keysBefore = BucketObjects.keys();
        long versionsBefore = count("select count(*) from package_version");
        long artifactsBefore = count("select count(*) from artifact");

        Refusal refusal = flow.equals(HostileCorpus.REST)
                ? viaRest(hostile, packageName)
                : viaPresignedUpload(hostile, packageName);

        assertThat(refusal.code()).as("%s via %s: %s", id, flow, refusal.answer()).isEqualTo(hostile.expected());
        assertThat(refusal.httpStatus()).as("HTTP status; %s", refusal.answer()).isLessThan(500);
        given().when().get("/q/health").then().statusCode(200);
        if (hostile.packageName() == null) {
            assertThat(Catalog.versionNames(packageName)).as("versions of %s", packageName).isEmpty();
        }
        assertThat(count("select count(*) from package_version")).as("version rows").isEqualTo(versionsBefore);
        assertThat(count("select count(*) from artifact")).as("artifact rows").isEqualTo(artifactsBefore);
        assertThat(countOf(shasOf(hostile))).as("artifact rows for the case's files").isZero();
        List<String> keysAfter = BucketObjects.keys();
        List<String> added = new ArrayList<>(keysAfter);
        added.removeAll(keysBefore);
        assertThat(keysAfter).as("objects under the keys of the case's files")
                .doesNotContainAnyElementsOf(shasOf(hostile).stream().map(ArtifactStore::keyFor).toList());
        if (flow.equals(HostileCorpus.PRESIGNED) && hostile.refusedBeforeFiles()) {
            // The client PUT its file before addPackageVersion refused the manifest or the name, and the service
            // never looked at that object: it stays under staging/ until the staging sweeper removes it (or the
            // bucket's lifecycle rule does in production). Nothing may reach artifacts/.
            assertThat(added).as("objects added by the refused upload").allMatch(key -> key.startsWith("staging/"));
        } else {
            assertThat(added).as("objects added by the refused upload").isEmpty();
        }
    }

    /** What the service answered: the error code, the HTTP status, and the whole answer for messages. */
    record Refusal(String code, int httpStatus, String answer) {
    }

    private static Refusal viaRest(HostileCase hostile, String packageName) {
        var request = given().contentType("multipart/form-data")
                .multiPart("manifest", "manifest.json", HostileCorpus.read(hostile.manifest()), "application/json")
                .multiPart("version", hostile.version());
        for (CaseFile file : hostile.files()) {
            request = request.multiPart("file", file.name(), HostileCorpus.read(file.path()), "application/zip");
        }
        Response response = request.when().post("/api/packages/{name}/versions", packageName);
        String body = response.asString();
        String code = null;
        if (response.contentType() != null && response.contentType().startsWith("application/json")) {
            code = new JsonPath(body).getString("code");
        }
        return new Refusal(code, response.statusCode(), response.statusCode() + " " + body);
    }

    private static Refusal viaPresignedUpload(HostileCase hostile, String packageName) {
        for (CaseFile file : hostile.files()) {
            Catalog.uploadAs(file.name(), HostileCorpus.read(file.path()), file.sha256());
        }
        String manifest = new String(HostileCorpus.read(hostile.manifest()), java.nio.charset.StandardCharsets.UTF_8);
        JsonPath answer = GraphQL.post(ADD_VERSION, vars("input", Map.of("packageName", packageName, "version",
                hostile.version(), "manifest", manifest, "publish", false)));
        List<Object> errors = answer.getList("errors");
        String code = errors != null && errors.size() == 1 ? answer.getString("errors[0].extensions.code") : null;
        return new Refusal(code, 200, answer.prettify());
    }

    /** The sha256 of every file the case sends, and every sha256 its manifest claims. */
    private static Set<String> shasOf(HostileCase hostile) {
        Set<String> shas = new LinkedHashSet<>();
        for (CaseFile file : hostile.files()) {
            shas.add(file.sha256());
            shas.add(dev.distributor.testing.Zips.sha256(HostileCorpus.read(file.path())));
        }
        return shas;
    }

    private static long count(String sql) throws SQLException {
        try (Connection db = TestDatabase.connect(); var rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long countOf(Set<String> shas) throws SQLException {
        try (Connection db = TestDatabase.connect();
                var statement = db.prepareStatement("select count(*) from artifact where sha256 = any(?)")) {
            statement.setArray(1, db.createArrayOf("text", shas.toArray()));
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
