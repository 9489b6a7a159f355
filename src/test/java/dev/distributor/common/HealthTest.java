package dev.distributor.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthTest {

    @Test
    void readiness_reportsTheStartupStepsTheDatabaseAndTheArtifactStoreUp() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.name",
                        hasItems("Startup", "Artifact store", "Reactive PostgreSQL connections health check"));
    }

    @Test
    void metrics_areExposedForPrometheus() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
    }
}
