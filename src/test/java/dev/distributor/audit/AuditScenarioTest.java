package dev.distributor.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.OidcProfile;
import dev.distributor.testing.Tokens;
import dev.distributor.testing.Zips;

/**
 * The audit trail as an administrator reads it: one scenario runs every kind of change and one refusal at each role
 * boundary, with real tokens, and {@code auditEvents} then holds exactly one row for each, naming the right actor
 * and outcome, with the request, the address and the details that matter.
 */
@QuarkusTest
@TestProfile(OidcProfile.class)
class AuditScenarioTest {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String publisher = "publisher-" + run;
    private final String deployer = "deployer-" + run;
    private final String admin = "admin-" + run;
    private final String viewer = "viewer-" + run;
    private final String publisherToken = Tokens.of(publisher, "publisher");
    private final String deployerToken = Tokens.of(deployer, "deployer");
    private final String adminToken = Tokens.of(admin, "admin");
    private final String viewerToken = Tokens.of(viewer, "viewer");

    /** One expected row: who, what, which outcome. */
    record Row(String actor, String action, String outcome) {
    }

    @Test
    void everyChangeAndEveryRefusal_isOneRowWithTheRightActor() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1);
        String pkg = Catalog.uniqueName("audited");
        List<Row> expected = new ArrayList<>();

        // The catalog, as a publisher.
        ok(publisherToken, "mutation($n: String!) { createPackage(input: {name: $n}) { name } }", Map.of("n", pkg));
        expected.add(new Row(publisher, "package.create", "DONE"));
        addLinuxVersion(pkg, "1.0.0", false);
        expected.add(new Row(publisher, "version.add", "DONE"));
        ok(publisherToken, "mutation($p: String!) { publishVersion(packageName: $p, version: \"1.0.0\") { state } }",
                Map.of("p", pkg));
        expected.add(new Row(publisher, "version.publish", "DONE"));
        addLinuxVersion(pkg, "2.0.0", true);
        expected.add(new Row(publisher, "version.add", "DONE"));
        ok(publisherToken, "mutation($p: String!) { setDefaultVersion(packageName: $p, version: \"2.0.0\") { name } }",
                Map.of("p", pkg));
        expected.add(new Row(publisher, "package.setDefaultVersion", "DONE"));
        ok(publisherToken, "mutation($p: String!) { deprecateVersion(packageName: $p, version: \"1.0.0\") { state } }",
                Map.of("p", pkg));
        expected.add(new Row(publisher, "version.deprecate", "DONE"));
        byte[] zip = Catalog.linuxZip(pkg, "3.0.0");
        byte[] bundle = new Zips().with("manifest.json", Catalog.linuxManifest("3.0.0", "app-linux.zip",
                Zips.sha256(zip))).with("app-linux.zip", zip).bytes();
        given().header("Authorization", "Bearer " + publisherToken)
                .multiPart("bundle", "bundle.zip", bundle, "application/zip")
                .when().post("/api/packages/{n}/bundles", pkg)
                .then().statusCode(201);
        expected.add(new Row(publisher, "version.add", "DONE"));

        // The fleet, as an administrator and as the agent itself.
        JsonPath activation = ok(adminToken, """
                mutation { createActivation(input: {account: "111122223333", region: "eu-west-1",
                  registrationLimit: 1}) { id code } }
                """, Map.of()).setRootPath("data.createActivation");
        expected.add(new Row(admin, "activation.create", "DONE"));
        Map<String, Object> form = new HashMap<>();
        form.put("ACTIVATION_ID", activation.getString("id"));
        form.put("ACTIVATION_CODE", activation.getString("code"));
        form.put("HOSTNAME", "audited-" + run);
        form.put("PLATFORM", "ubuntu");
        form.put("PLATFORM_VERSION", "22.04");
        form.put("ARCH", "x86_64");
        form.put("AGENT_VERSION", "sh-test");
        Map<String, String> registered = Agents.keyValues(Agents.register(form).then().statusCode(201)
                .extract().asString());
        String host = registered.get("INSTANCE_ID");
        expected.add(new Row(host, "target.register", "DONE"));
        given().header("Authorization", "Bearer " + registered.get("TOKEN"))
                .contentType("application/x-www-form-urlencoded; charset=utf-8")
                .formParam("INSTALLED", "other=1.0").post("/agent/v1/inventory")
                .then().statusCode(200);
        expected.add(new Row(host, "target.inventory", "DONE"));
        ok(adminToken, "mutation($id: String!) { tagTargets(instanceIds: [$id], tags: [{key: \"ring\", value: "
                + "\"audit\"}]) { instanceId } }", Map.of("id", host));
        expected.add(new Row(admin, "target.tag", "DONE"));
        ok(adminToken, "mutation($id: String!) { untagTargets(instanceIds: [$id], keys: [\"ring\"]) { instanceId } }",
                Map.of("id", host));
        expected.add(new Row(admin, "target.untag", "DONE"));

        // A rollout, as a deployer.
        String rollout = ok(deployerToken, """
                mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) { latestRollout { id } } }
                """, Map.of("input", Map.of("packageName", pkg, "version", "2.0.0",
                "selector", Map.of("instanceIds", List.of(host)), "strategy", Map.of())))
                .getString("data.createDeployment.latestRollout.id");
        expected.add(new Row(deployer, "deployment.create", "DONE"));
        for (String control : List.of("startRollout", "pauseRollout", "resumeRollout", "cancelRollout")) {
            ok(deployerToken, "mutation($id: String!) { " + control + "(id: $id) { state } }", Map.of("id", rollout));
        }
        expected.add(new Row(deployer, "rollout.start", "DONE"));
        expected.add(new Row(deployer, "rollout.pause", "DONE"));
        expected.add(new Row(deployer, "rollout.resume", "DONE"));
        expected.add(new Row(deployer, "rollout.cancel", "DONE"));

        ok(adminToken, "mutation($id: String!) { deregisterTarget(instanceId: $id) }", Map.of("id", host));
        expected.add(new Row(admin, "target.deregister", "DONE"));

        // One refusal at each role boundary: each is a row of its own, and changes nothing.
        refused(viewerToken, "mutation { createPackage(input: {name: \"" + pkg + "-no\"}) { name } }");
        expected.add(new Row(viewer, "package.create", "REFUSED"));
        refused(publisherToken, "mutation { startRollout(id: \"" + rollout + "\") { state } }");
        expected.add(new Row(publisher, "rollout.start", "REFUSED"));
        refused(deployerToken, "mutation { createActivation(input: {account: \"a\", region: \"r\"}) { id } }");
        expected.add(new Row(deployer, "activation.create", "REFUSED"));
        refused(deployerToken, "{ auditEvents(first: 1) { edges { cursor } } }");
        expected.add(new Row(deployer, "audit.list", "REFUSED"));
        given().header("Authorization", "Bearer " + viewerToken)
                .multiPart("bundle", "bundle.zip", bundle, "application/zip")
                .when().post("/api/packages/{n}/bundles", pkg)
                .then().statusCode(403);
        expected.add(new Row(viewer, "bundle.import", "REFUSED"));
        given().header("Authorization", "Bearer " + publisherToken).queryParam("since", start.toString())
                .when().get("/api/audit")
                .then().statusCode(403).body("code", org.hamcrest.Matchers.equalTo("FORBIDDEN"));
        expected.add(new Row(publisher, "audit.export", "REFUSED"));

        Set<String> actors = Set.of(publisher, deployer, admin, viewer, host);
        List<Map<String, Object>> rows = auditSince(start).stream()
                .filter(r -> actors.contains((String) r.get("actor"))).toList();
        assertThat(rows).extracting(r -> new Row((String) r.get("actor"), (String) r.get("action"),
                (String) r.get("outcome"))).containsExactlyInAnyOrderElementsOf(expected);

        // Newest first, each from this client, with a request id; operators' rows name the token's display name.
        assertThat(rows).extracting(r -> Long.parseLong((String) r.get("id")))
                .isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(rows).allSatisfy(r -> assertThat(r.get("requestId")).isNotNull());
        assertThat(rows).filteredOn(r -> r.get("actor").equals(publisher))
                .allSatisfy(r -> assertThat(r.get("actorName")).isEqualTo(publisher + "-name"))
                .allSatisfy(r -> assertThat(r.get("address")).isEqualTo("127.0.0.1"));

        // The details that tell what changed.
        assertThat(details(rows, "target.register")).containsEntry("activationId", activation.getString("id"));
        assertThat(details(rows, "package.setDefaultVersion")).containsEntry("before", "1.0.0")
                .containsEntry("after", "2.0.0");
        assertThat(details(rows, "version.deprecate")).containsEntry("before", "PUBLISHED")
                .containsEntry("after", "DEPRECATED");
        assertThat(details(rows, "rollout.pause")).containsEntry("before", "RUNNING").containsEntry("after", "PAUSED");
        assertThat(details(rows, "rollout.cancel")).containsEntry("after", "CANCELLED");
        assertThat(details(rows, "target.tag")).extractingByKey("changed")
                .isEqualTo(Map.of(host, Map.of("before", Map.of(), "after", Map.of("ring", "audit"))));
        assertThat(details(rows, "target.untag")).extractingByKey("changed")
                .isEqualTo(Map.of(host, Map.of("before", Map.of("ring", "audit"), "after", Map.of())));
        assertThat(rows).filteredOn(r -> r.get("outcome").equals("REFUSED")).allSatisfy(r -> {
            assertThat(r.get("resource")).isEqualTo("-");
            assertThat(JsonPath.from((String) r.get("details")).getString("code")).isEqualTo("FORBIDDEN");
        });
    }

    private List<Map<String, Object>> auditSince(Instant start) {
        List<Map<String, Object>> rows = new ArrayList<>();
        String after = null;
        do {
            Map<String, Object> variables = new HashMap<>();
            variables.put("from", start.toString());
            variables.put("after", after);
            JsonPath page = ok(adminToken, """
                    query($from: String!, $after: String) {
                      auditEvents(filter: {from: $from}, first: 100, after: $after) {
                        edges { node { id at actor actorName action resource outcome requestId address details } }
                        pageInfo { hasNextPage endCursor }
                      }
                    }
                    """, variables).setRootPath("data.auditEvents");
            rows.addAll(page.getList("edges.node"));
            after = page.getBoolean("pageInfo.hasNextPage") ? page.getString("pageInfo.endCursor") : null;
        } while (after != null);
        return rows;
    }

    private static Map<String, Object> details(List<Map<String, Object>> rows, String action) {
        return rows.stream().filter(r -> r.get("action").equals(action) && r.get("outcome").equals("DONE"))
                .map(r -> JsonPath.from((String) r.get("details")).<String, Object>getMap("$"))
                .findFirst().orElseThrow();
    }

    private void addLinuxVersion(String pkg, String version, boolean publish) {
        byte[] zip = Catalog.linuxZip(pkg, version);
        String sha = Zips.sha256(zip);
        JsonPath ticket = ok(publisherToken, Catalog.REQUEST_UPLOAD, Map.of("input",
                Map.of("fileName", "app-linux.zip", "size", zip.length, "sha256", sha)))
                .setRootPath("data.requestArtifactUpload");
        if (!ticket.getBoolean("alreadyStored")) {
            Catalog.put(ticket.getString("url"), ticket.getList("headers"), zip);
        }
        ok(publisherToken, Catalog.ADD_VERSION_SUMMARY, Map.of("input", Map.of("packageName", pkg, "version",
                version, "manifest", Catalog.linuxManifest(version, "app-linux.zip", sha), "publish", publish)));
    }

    static JsonPath post(String token, String document, Map<String, ?> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token).body(body)
                .when().post("/graphql").then().extract().jsonPath();
    }

    static JsonPath ok(String token, String document, Map<String, ?> variables) {
        JsonPath answer = post(token, document, variables);
        assertThat(answer.getList("errors")).as(answer.prettify()).isNull();
        return answer;
    }

    private static void refused(String token, String document) {
        JsonPath answer = post(token, document, Map.of());
        assertThat(answer.getString("errors[0].extensions.code")).as(answer.prettify()).isEqualTo("FORBIDDEN");
    }
}
