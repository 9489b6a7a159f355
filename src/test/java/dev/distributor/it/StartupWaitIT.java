package dev.distributor.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.distributor.common.db.Notifications;

/**
 * A replica started before its database and its bucket answer (a Kubernetes pod scheduled while PostgreSQL restarts):
 * it must come up live and stay live, not ready, with the readiness check "Startup" naming what it waits for; then,
 * once both answer, migrate the empty database, turn ready by itself and serve requests, with its LISTEN connection
 * open. Both PostgreSQL and S3Proxy are reached through loopback ports that refuse connections until opened.
 */
class StartupWaitIT {

    @Test
    void aReplicaStartedBeforeItsDatabaseAndBucketStaysLiveAndTurnsReadyOnceTheyAnswer() {
        try (ServiceCluster cluster = ServiceCluster.start(Map.of());
                LateForward database = LateForward.to(env("DISTRIBUTOR_DB_HOST", "127.0.0.1"),
                        Integer.parseInt(env("DISTRIBUTOR_DB_PORT", "5432")));
                LateForward bucket = LateForward.to("127.0.0.1", cluster.s3Endpoint().getPort())) {
            ServiceProcess replica = cluster.liveReplica("startup-wait", Map.of(
                    "DISTRIBUTOR_DB_HOST", "127.0.0.1",
                    "DISTRIBUTOR_DB_PORT", String.valueOf(database.port()),
                    "DISTRIBUTOR_S3_ENDPOINT", "http://127.0.0.1:" + bucket.port()));
            String url = replica.baseUrl().toString();

            // Live and not ready, probe after probe, for as long as the two do not answer (the steps retry meanwhile).
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            do {
                given().baseUri(url).get("/q/health/live").then().statusCode(200);
                given().baseUri(url).get("/q/health/ready").then().statusCode(503)
                        .body("checks.find { it.name == 'Startup' }.status", equalTo("DOWN"))
                        .body("checks.find { it.name == 'Startup' }.data.keySet()",
                                hasItems("database schema", "artifact bucket"));
                pause();
            } while (System.nanoTime() < until);

            database.open();
            bucket.open();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(
                    () -> given().baseUri(url).get("/q/health/ready").then().statusCode(200));
            given().baseUri(url).get("/q/health/live").then().statusCode(200);

            // A request that needs both: a package published with its zip stored in the bucket.
            new ServiceApi(replica.baseUrl()).createPackage("it-startup-wait");
            await().atMost(Duration.ofSeconds(10)).until(() -> !ItDatabase.rows("select pid from pg_stat_activity "
                    + "where application_name = '" + Notifications.APPLICATION_NAME
                    + "' and datname = current_database()")
                    .isEmpty());
            // Vert.x's SQL pool may fail a connection request twice when its acquisition timer and the refused
            // connection race (SqlConnectionPool, "Result is already complete"): logged, harmless, not ours.
            assertThat(replica.errorLines()).allMatch(line -> line.contains("Result is already complete"));
            // Before the forwards close under it: a connection cut at teardown is not what this test is about.
            replica.close();
        }
    }

    /** Between probes: a probe is a question asked again, not a condition awaited. */
    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
