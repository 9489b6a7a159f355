package dev.distributor.common;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The schema Quarkus builds from the code must equal the committed {@code schema.graphql}, which the frontend and
 * automation users generate their types from. The build writes what it generated to {@code target/schema.graphql};
 * run {@code ./bin/test -Dtest=SchemaSnapshotTest -Dschema.update=true} to accept a change.
 */
@QuarkusTest
class SchemaSnapshotTest {

    private static final Path COMMITTED = Path.of("schema.graphql");

    @Test
    void generatedSchema_equalsTheCommittedSchema() throws IOException {
        String generated = given().when().get("/graphql/schema.graphql")
                .then().statusCode(200)
                .extract().asString().strip() + "\n";
        Files.writeString(Path.of("target", "schema.graphql"), generated, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("schema.update")) {
            Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
        }

        assertThat(Files.exists(COMMITTED)).as("schema.graphql is committed at the repository root").isTrue();
        assertThat(generated)
                .as("the code's schema differs from schema.graphql; review target/schema.graphql and rerun with "
                        + "-Dschema.update=true to accept it")
                .isEqualTo(Files.readString(COMMITTED, StandardCharsets.UTF_8));
    }
}
