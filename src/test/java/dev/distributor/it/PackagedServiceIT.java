package dev.distributor.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * The packaged service over HTTP, as a container runs it: here {@code .ci/run}'s failsafe phase starts the runner jar
 * (target/quarkus-app), the users' CI ({@code .github/workflows/native.yml}, {@code mvn verify -Dnative}) the native
 * executable. Health, GraphQL, and a Simple package created and published through the S3 store (S3Proxy).
 */
@QuarkusIntegrationTest
@WithTestResource(PackagedServiceResources.class)
class PackagedServiceIT {

    @Test
    void healthIsUpOnceTheDatabaseAndTheBucketAnswer() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Artifact store", "Reactive PostgreSQL connections health check"));
    }

    @Test
    void aSimplePackageIsCreatedPublishedAndStoredInTheBucket() {
        ServiceApi api = new ServiceApi(URI.create("http://localhost:" + RestAssured.port));
        // A name of its own: the database is shared with the surefire tests' leftovers (PackagedServiceResources).
        String name = "packaged-it-" + UUID.randomUUID().toString().substring(0, 8);
        api.createPackage(name);

        JsonPath version = api.graphql("query($n: String!) { package(name: $n) { name "
                + "version(version: \"1.0.0\") { state isDefault files { name key size sha256 } } } }",
                Map.of("n", name));
        assertThat(version.getString("package.version.state")).isEqualTo("PUBLISHED");
        String key = version.getString("package.version.files[0].key");
        long size = version.getLong("package.version.files[0].size");
        try (S3Client bucket = PackagedServiceResources.bucketClient()) {
            assertThat(bucket.headObject(h -> h.bucket(PackagedServiceResources.BUCKET).key(key)).contentLength())
                    .isEqualTo(size);
        }
        assertThat(api.graphql("query($p: String!) { packages(first: 10, filter: { namePrefix: $p }) "
                + "{ edges { node { name } } } }", Map.of("p", name))
                .getList("packages.edges.node.name", String.class)).containsExactly(name);
    }
}
