package dev.distributor.it;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.distributor.simulator.FleetSimulator;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Zips;

/**
 * The operator's calls to one replica over HTTP, as {@code bench/rollout-10k.sh} makes them: GraphQL for packages,
 * activations, deployments and rollouts, the REST multipart upload for a version. Every call fails the test (an
 * {@link AssertionError} with the answer) on a non-200 status or a GraphQL error.
 */
final class ServiceApi {

    static final String COUNTS = "total pending queued inProgress success failed timedOut cancelled skipped";

    private final URI baseUrl;
    private final String bearer;

    ServiceApi(URI baseUrl) {
        this(baseUrl, null);
    }

    /** Calls that present {@code bearer} as {@code Authorization: Bearer ...} (null: no header). */
    ServiceApi(URI baseUrl, String bearer) {
        this.baseUrl = baseUrl;
        this.bearer = bearer;
    }

    /** The same replica, called with another access token (null: none). */
    ServiceApi as(String token) {
        return new ServiceApi(baseUrl, token);
    }

    /** Creates a package and publishes version 1.0.0 of it: one Linux zip for ubuntu/_any/x86_64. */
    void createPackage(String name) {
        graphql("mutation($n: String!) { createPackage(input: {name: $n}) { name } }", Map.of("n", name));
        byte[] zip = Zips.linuxPackage(name).bytes();
        String manifest = Catalog.linuxManifest("1.0.0", "app-linux.zip", Zips.sha256(zip));
        request()
                .multiPart("manifest", "manifest.json", manifest.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("file", "app-linux.zip", zip, "application/zip")
                .multiPart("publish", "true")
                .when().post("/api/packages/" + name + "/versions")
                .then().statusCode(201);
    }

    /** An activation for {@code limit} hosts that tags them {@code key=value}. */
    FleetSimulator.Activation createActivation(int limit, String key, String value) {
        JsonPath data = graphql("mutation($i: CreateActivationInput!) { createActivation(input: $i) { id code } }",
                Map.of("i", Map.of("account", "123456789012", "region", "eu-west-1", "registrationLimit", limit,
                        "defaultTags", List.of(Map.of("key", key, "value", value)))));
        return new FleetSimulator.Activation(data.getString("createActivation.id"),
                data.getString("createActivation.code"));
    }

    /** Creates a deployment of the package's default version to the hosts tagged {@code key=value}; its rollout id. */
    String createDeployment(String packageName, String key, String value, Map<String, Object> strategy) {
        return graphql("mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { latestRollout { id } } }",
                Map.of("i", Map.of("packageName", packageName, "selector", Map.of("tags", List.of(key + "=" + value)),
                        "strategy", strategy)))
                .getString("createDeployment.latestRollout.id");
    }

    /** Adds version {@code version} of the package, published: the same Linux zip as {@link #createPackage}'s. */
    void addPublishedVersion(String name, String version) {
        byte[] zip = Zips.linuxPackage(name).bytes();
        String manifest = Catalog.linuxManifest(version, "app-linux.zip", Zips.sha256(zip));
        request()
                .multiPart("manifest", "manifest.json", manifest.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("file", "app-linux.zip", zip, "application/zip")
                .multiPart("publish", "true")
                .when().post("/api/packages/" + name + "/versions")
                .then().statusCode(201);
    }

    /**
     * Creates a deployment of the package's default version to the hosts tagged {@code key=value} that starts its
     * runs itself ({@code kind}: CRON needs more, ON_DEFAULT_VERSION_CHANGE or ON_NEW_TARGET do not); its id.
     */
    String createScheduledDeployment(String packageName, String key, String value, String kind,
            Map<String, Object> strategy) {
        return graphql("mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }",
                Map.of("i", Map.of("packageName", packageName, "selector", Map.of("tags", List.of(key + "=" + value)),
                        "strategy", strategy, "schedule", Map.of("kind", kind))))
                .getString("createDeployment.id");
    }

    /** Changes the version "default" means; returns once the change is committed. */
    void setDefaultVersion(String packageName, String version) {
        graphql("mutation($p: String!, $v: String!) { setDefaultVersion(packageName: $p, version: $v) { name } }",
                Map.of("p", packageName, "v", version));
    }

    /** The deployment's runs, newest first (id, state, version). */
    List<Map<String, Object>> runs(String deploymentId) {
        return graphql("query($id: String!) { deployment(id: $id) { rollouts { id state version } } }",
                Map.of("id", deploymentId)).getList("deployment.rollouts");
    }

    void startRollout(String rolloutId) {
        graphql("mutation($id: String!) { startRollout(id: $id) { state } }", Map.of("id", rolloutId));
    }

    /** The rollout's state, currentWave and counts, under {@code rollout}. */
    JsonPath rollout(String rolloutId) {
        return graphql("query($id: String!) { rollout(id: $id) { state stateReason currentWave counts { " + COUNTS
                + " } } }", Map.of("id", rolloutId)).setRootPath("data.rollout");
    }

    String state(String rolloutId) {
        return rollout(rolloutId).getString("state");
    }

    /** Posts a GraphQL document; returns {@code data}. */
    JsonPath graphql(String document, Map<String, ?> variables) {
        JsonPath answer = answer(document, variables);
        List<Object> errors = answer.getList("errors");
        if (errors != null && !errors.isEmpty()) {
            throw new AssertionError("GraphQL errors from " + baseUrl + ": " + answer.prettify());
        }
        return new JsonPath(answer.prettify()).setRootPath("data");
    }

    /** Posts a GraphQL document; returns the whole answer (data and errors), which must come with status 200. */
    JsonPath answer(String document, Map<String, ?> variables) {
        return response(document, variables).then().statusCode(200).extract().jsonPath();
    }

    /** Posts a GraphQL document; returns the HTTP response whatever its status. */
    Response response(String document, Map<String, ?> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        return request().contentType(ContentType.JSON).body(body).when().post("/graphql");
    }

    /** The first GraphQL error's code ({@code extensions.code}), or null when the answer has no error. */
    String errorCode(String document, Map<String, ?> variables) {
        return answer(document, variables).getString("errors[0].extensions.code");
    }

    private RequestSpecification request() {
        RequestSpecification request = given().baseUri(baseUrl.toString());
        return bearer == null ? request : request.header("Authorization", "Bearer " + bearer);
    }
}
