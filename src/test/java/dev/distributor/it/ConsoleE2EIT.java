package dev.distributor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;

import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;

/**
 * The web console end to end (issue 18, "What must be shown"): the packaged service (with the console Quinoa built
 * into it) in local mode on PostgreSQL and an S3Proxy that answers the browser's CORS requests, eight simulated hosts
 * tagged {@code env=e2e} (ubuntu 22.04 x86_64: six succeed, two fail with exit 3, each after 1.5 to 3 s), and the
 * browser tests in frontend/e2e/ driving Chromium through the whole journey: create a Simple package, publish it,
 * deploy it to the eight, pause and resume, restart the service mid-rollout (through {@link ConsoleControl}), watch
 * the progress reach 100% without a reload, open a failure's output; axe-core on every screen and a screenshot of each
 * into docs/screenshots/.
 * <p>
 * {@code E2E_SCOPE=smoke} (environment, or {@code -De2e.scope=smoke}) runs only the shell's part (it renders,
 * navigates, passes axe, and its Live chip comes back after a restart), with screenshots under target/; the default,
 * {@code full}, runs the journey.
 */
class ConsoleE2EIT {

    private static final String TAG = "env";
    private static final String TAG_VALUE = "e2e";
    private static final int SUCCEEDING = 6;
    private static final int FAILING = 2;
    private static final Duration MIN_RUN = Duration.ofMillis(1500);
    private static final Duration MAX_RUN = Duration.ofSeconds(3);
    /** The full flow at its slowest on CI's 2 cores takes about 2 minutes; beyond this it hangs. */
    private static final Duration BROWSER_DEADLINE = Duration.ofMinutes(8);

    @Test
    void theConsoleTakesAPackageFromUploadToAFinishedRolloutAndRecoversFromARestart() throws Exception {
        String scope = scope();
        // A command whose delivery died with the killed process is delivered again when its lease ends: 5 s instead
        // of 60 s keeps the run short (as in CrashRecoveryIT).
        try (ServiceCluster cluster = ServiceCluster.start(Map.of("DISTRIBUTOR_AGENT_LEASE", "5s"))) {
            ServiceProcess service = cluster.replica("console-e2e");
            assertServesTheConsole(service.baseUrl());
            ServiceApi api = new ServiceApi(service.baseUrl());
            assertS3TakesUploadsFromTheConsole(api, service.baseUrl());
            FleetSimulator.Activation activation = api.createActivation(SUCCEEDING + FAILING, TAG, TAG_VALUE);
            OutcomeModel succeeds = OutcomeModel.builder().success(1).duration(MIN_RUN, MAX_RUN).build();
            OutcomeModel fails = OutcomeModel.builder().failure(3, 1).duration(MIN_RUN, MAX_RUN).build();
            try (FleetSimulator good = Fleets.fleet(service.baseUrl(), List.of(activation), SUCCEEDING, "e2e-ok-",
                    succeeds);
                    FleetSimulator bad = Fleets.fleet(service.baseUrl(), List.of(activation), FAILING, "e2e-fail-",
                            fails)) {
                good.start().get();
                bad.start().get();
                List<ConsoleControl.Host> hosts = new ArrayList<>();
                good.agents().forEach(agent -> hosts.add(new ConsoleControl.Host(agent, "succeeds")));
                bad.agents().forEach(agent -> hosts.add(new ConsoleControl.Host(agent, "fails")));
                try (ConsoleControl control = ConsoleControl.start(service, hosts)) {
                    Path screenshots = "full".equals(scope)
                            ? Path.of("docs", "screenshots")
                            : Path.of("target", "e2e-screenshots");
                    Files.createDirectories(screenshots);
                    NodeTestRun.run("e2e/", "console-e2e-browser", Map.of(
                            "CONSOLE_URL", service.baseUrl().toString(),
                            "CONTROL_URL", control.url().toString(),
                            "SCREENSHOT_DIR", screenshots.toAbsolutePath().toString(),
                            "E2E_SCOPE", scope), BROWSER_DEADLINE);
                    assertThat(control.restarts()).as("restarts the browser test asked for").isGreaterThanOrEqualTo(1);
                }
                if ("full".equals(scope)) {
                    // What the page showed must be what happened: every host ran the rollout's command exactly once,
                    // the restart notwithstanding.
                    List<FleetSimulator> fleets = List.of(good, bad);
                    System.out.print(Fleets.summary(fleets));
                    Fleets.assertEachRanOnce(fleets);
                }
            }
            List<String> errors = service.errorLines();
            if (!errors.isEmpty()) {
                System.out.printf("ConsoleE2EIT: %d ERROR lines in %s, e.g. %s%n", errors.size(), service.log(),
                        errors.get(0));
            }
        }
    }

    /** The packaged jar serves the console's page at / and at its own addresses (console.ConsoleRoutes). */
    private static void assertServesTheConsole(URI service) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/", "/packages")) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(service.resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("GET " + path).isEqualTo(200);
            assertThat(page.body()).as("GET " + path + ": the console's index.html (was the jar built by `mvn "
                    + "package` with Quinoa building frontend/?)").contains("<div id=\"root\">");
        }
    }

    /**
     * The browser PUTs an upload straight to the presigned URL, a cross-origin request from the console's origin:
     * S3Proxy must answer its preflight (as Chromium sends it) with that origin allowed.
     */
    private static void assertS3TakesUploadsFromTheConsole(ServiceApi api, URI service) throws Exception {
        JsonPath upload = api.graphql("mutation($i: RequestArtifactUploadInput!) { requestArtifactUpload(input: $i) "
                + "{ url method headers { name } } }",
                Map.of("i", Map.of("fileName", "probe.sh", "sha256",
                        "0".repeat(63) + "1", "size", 10)))
                .setRootPath("data.requestArtifactUpload");
        String origin = service.toString().replaceAll("/$", "");
        String headers = String.join(",", upload.getList("headers.name", String.class)).toLowerCase(Locale.ROOT);
        HttpRequest.Builder preflight = HttpRequest.newBuilder(URI.create(upload.getString("url")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", upload.getString("method"));
        if (!headers.isEmpty()) {
            preflight.header("Access-Control-Request-Headers", headers);
        }
        HttpResponse<String> answer = HttpClient.newHttpClient().send(preflight.build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("S3 preflight status: " + answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).as("Access-Control-Allow-Origin")
                .hasValueSatisfying(allowed -> assertThat(allowed).isIn("*", origin));
    }

    private static String scope() {
        String scope = System.getenv("E2E_SCOPE");
        if (scope == null || scope.isBlank()) {
            scope = System.getProperty("e2e.scope", "full");
        }
        scope = scope.toLowerCase(Locale.ROOT);
        assertThat(scope).as("E2E_SCOPE").isIn("full", "smoke");
        return scope;
    }
}
