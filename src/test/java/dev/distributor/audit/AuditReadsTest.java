package dev.distributor.audit;

import static dev.distributor.audit.AuditScenarioTest.ok;
import static dev.distributor.audit.AuditScenarioTest.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.OidcProfile;
import dev.distributor.testing.TestDatabase;
import dev.distributor.testing.Tokens;

/**
 * Reading the trail: {@code auditEvents} pages newest first and filters by each field; {@code GET /api/audit} exports
 * JSON lines oldest first; only an administrator reads either; and nothing, API or SQL, changes or deletes a row.
 */
@QuarkusTest
@TestProfile(OidcProfile.class)
class AuditReadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String PAGE = """
            query($filter: AuditFilterInput, $first: Int, $after: String) {
              auditEvents(filter: $filter, first: $first, after: $after) {
                edges { cursor node { id at actor actorName action resource outcome requestId address details } }
                pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              }
            }
            """;

    private final String admin = Tokens.of("admin-" + UUID.randomUUID(), "admin");
    private String actor;
    private String other;

    /** Seven rows by one actor, an hour apart, and one by another: 7 DONE then 1 REFUSED. */
    @BeforeEach
    void writeRows() throws SQLException {
        actor = "reader-" + UUID.randomUUID();
        other = "other-" + UUID.randomUUID();
        Instant base = Instant.parse("2031-03-01T00:00:00Z");
        for (int i = 0; i < 7; i++) {
            insert(actor, i % 2 == 0 ? "package.create" : "version.add",
                    i % 2 == 0 ? "package/p" + i : "package/p" + (i - 1) + "/version/1." + i, "DONE",
                    base.plusSeconds(3600L * i));
        }
        insert(other, "package.create", "-", "REFUSED", base.plusSeconds(3600L * 3));
    }

    @Test
    void pages_newestFirst_throughEveryRowOnce() {
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonPath page = page(Map.of("actor", actor), 3, after);
            seen.addAll(page.getList("edges.node.resource"));
            assertThat(page.getBoolean("pageInfo.hasPreviousPage")).isEqualTo(after != null);
            after = page.getBoolean("pageInfo.hasNextPage") ? page.getString("pageInfo.endCursor") : null;
            pages++;
        } while (after != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("package/p6", "package/p4/version/1.5", "package/p4", "package/p2/version/1.3",
                "package/p2", "package/p0/version/1.1", "package/p0");
    }

    @Test
    void eachFilterNarrows() {
        assertThat(resources(Map.of("actor", actor, "action", "version.add")))
                .containsExactly("package/p4/version/1.5", "package/p2/version/1.3", "package/p0/version/1.1");
        assertThat(resources(Map.of("actor", actor, "action", "version.*"))).hasSize(3);
        assertThat(resources(Map.of("actor", actor, "resource", "package/p2")))
                .containsExactly("package/p2");
        assertThat(resources(Map.of("actor", actor, "resource", "package/p2*")))
                .containsExactly("package/p2/version/1.3", "package/p2");
        assertThat(resources(Map.of("actor", actor, "from", "2031-03-01T02:00:00Z", "to", "2031-03-01T04:00:00Z")))
                .as("from inclusive, to exclusive").containsExactly("package/p2/version/1.3", "package/p2");
        assertThat(resources(Map.of("actor", other, "outcome", "REFUSED"))).containsExactly("-");
        assertThat(resources(Map.of("actor", other, "outcome", "DONE"))).isEmpty();
        assertThat(resources(
                Map.of("actor", actor, "from", "2031-03-01T03:00:00+01:00", "to", "2031-03-01T03:00:01+01:00")))
                .as("offsets count").containsExactly("package/p2");
    }

    @Test
    void badFilterValues_areInvalidInputNamingTheField() {
        Map<String, Map<String, Object>> bad = Map.of(
                "filter.from", Map.of("from", "yesterday"),
                "filter.to", Map.of("from", "2031-03-01T02:00:00Z", "to", "2031-03-01T01:00:00Z"),
                "filter.action", Map.of("action", "package create"),
                "filter.actor", Map.of("actor", "a\u0000b"),
                "filter.resource", Map.of("resource", "x".repeat(513)));
        bad.forEach((field, filter) -> {
            JsonPath answer = post(admin, PAGE, vars(filter, 10, null));
            assertThat(answer.getString("errors[0].extensions.code")).as(field).isEqualTo("INVALID_INPUT");
            assertThat(answer.getString("errors[0].extensions.field")).as(field).isEqualTo(field);
        });
        assertThat(post(admin, PAGE, vars(Map.of(), 10, "not-a-cursor")).getString("errors[0].extensions.field"))
                .isEqualTo("after");
        assertThat(post(admin, PAGE, vars(Map.of(), 501, null)).getString("errors[0].extensions.field"))
                .isEqualTo("first");
    }

    @Test
    void onlyAnAdministratorReads() {
        for (String role : List.of("viewer", "publisher", "deployer")) {
            JsonPath answer = post(Tokens.of(role + "-" + UUID.randomUUID(), role), PAGE, vars(Map.of(), 1, null));
            assertThat(answer.getString("errors[0].extensions.code")).as(role).isEqualTo("FORBIDDEN");
            given().header("Authorization", "Bearer " + Tokens.of(role + "-" + UUID.randomUUID(), role))
                    .queryParam("since", "2031-03-01T00:00:00Z").when().get("/api/audit")
                    .then().statusCode(403).body("code", org.hamcrest.Matchers.equalTo("FORBIDDEN"));
        }
        given().queryParam("since", "2031-03-01T00:00:00Z").when().get("/api/audit")
                .then().statusCode(401).body("code", org.hamcrest.Matchers.equalTo("UNAUTHORIZED"));
    }

    @Test
    void export_isJsonLines_oldestFirst_fromSince_upToLimit() throws Exception {
        String body = given().header("Authorization", "Bearer " + admin)
                .queryParam("since", "2031-03-01T04:00:00Z").when().get("/api/audit")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("application/x-ndjson"))
                .extract().asString();
        assertThat(body).as("one object per line, each ending in a newline").endsWith("}\n").doesNotContain("\n\n");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            JsonNode row = JSON.readTree(line);
            if (actor.equals(row.get("actor").asText())) {
                lines.add(row);
            }
        }
        assertThat(lines).extracting(l -> l.get("resource").asText())
                .containsExactly("package/p4", "package/p4/version/1.5", "package/p6");
        assertThat(lines.get(0).get("details").get("n").asInt()).as("details is an object").isEqualTo(4);
        assertThat(lines.get(0).get("outcome").asText()).isEqualTo("DONE");
        assertThat(lines.get(0).get("actorName").asText()).isEqualTo(actor + " name");
        assertThat(lines.get(0).get("address").asText()).isEqualTo("192.0.2.7");
        assertThat(lines.get(0).get("requestId").asText()).startsWith("req-");
        assertThat(lines.get(0).get("at").asText()).isEqualTo("2031-03-01T04:00:00Z");

        String limited = given().header("Authorization", "Bearer " + admin)
                .queryParam("since", "2031-03-01T00:00:00Z").queryParam("limit", 2).when().get("/api/audit")
                .then().statusCode(200).extract().asString();
        assertThat(limited.lines().filter(l -> !l.isBlank()).count()).isEqualTo(2);
    }

    @Test
    void export_streamsALongTrailInChunks_everyRowOnce() throws Exception {
        String many = "many-" + UUID.randomUUID();
        Instant at = Instant.parse("2032-01-01T00:00:00Z");
        try (var db = TestDatabase.connect(); var insert = db.prepareStatement("""
                insert into audit_event (at, actor, action, resource, outcome, details)
                select ?, ?, 'probe.write', 'probe/' || n, 'DONE', jsonb_build_object('n', n)
                from generate_series(1, 1234) n
                """)) {
            insert.setTimestamp(1, Timestamp.from(at));
            insert.setString(2, many);
            insert.executeUpdate();
        }
        String body = given().header("Authorization", "Bearer " + admin)
                .queryParam("since", "2032-01-01T00:00:00Z").when().get("/api/audit")
                .then().statusCode(200).extract().asString();
        // Jackson, not JsonPath: parsing a thousand lines with Groovy would take longer than the export itself.
        List<Integer> ns = new ArrayList<>();
        for (String line : body.lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode row = JSON.readTree(line);
            if (many.equals(row.get("actor").asText())) {
                ns.add(row.get("details").get("n").asInt());
            }
        }
        assertThat(ns).hasSize(1234).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void export_refusesABadSinceOrLimit_with400InvalidInput() {
        for (Map<String, String> query : List.of(Map.of("since", "last tuesday"), Map.<String, String>of(),
                Map.of("since", "2031-03-01T00:00:00Z", "limit", "0"),
                Map.of("since", "2031-03-01T00:00:00Z", "limit", "many"))) {
            given().header("Authorization", "Bearer " + admin).queryParams(query).when().get("/api/audit")
                    .then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("INVALID_INPUT"))
                    .body("field", org.hamcrest.Matchers.equalTo(query.containsKey("limit") ? "limit" : "since"));
        }
    }

    @Test
    void noApiChangesOrDeletesARow_andTheDatabaseRefusesTo() throws SQLException {
        List<String> mutations = ok(admin, "{ __schema { mutationType { fields { name } } } }", Map.of())
                .getList("data.__schema.mutationType.fields.name");
        assertThat(mutations).isNotEmpty().noneMatch(name -> name.toLowerCase().contains("audit"));
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            int status = given().header("Authorization", "Bearer " + admin).queryParam("since", "2031-03-01T00:00:00Z")
                    .when().request(method, "/api/audit").then().extract().statusCode();
            assertThat(status).as(method).isEqualTo(405);
        }

        try (var db = TestDatabase.connect(); var statement = db.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate(
                    "update audit_event set actor = 'someone-else' where actor = '" + actor + "'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate("delete from audit_event where actor = '" + actor + "'"))
                    .hasMessageContaining("append-only");
        }
        assertThat(resources(Map.of("actor", actor))).hasSize(7);
    }

    private List<String> resources(Map<String, Object> filter) {
        return page(filter, 100, null).getList("edges.node.resource");
    }

    private JsonPath page(Map<String, Object> filter, int first, String after) {
        return ok(admin, PAGE, vars(filter, first, after)).setRootPath("data.auditEvents");
    }

    private static Map<String, Object> vars(Map<String, Object> filter, int first, String after) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("filter", filter);
        variables.put("first", first);
        variables.put("after", after);
        return variables;
    }

    private static void insert(String actor, String action, String resource, String outcome, Instant at)
            throws SQLException {
        try (var db = TestDatabase.connect(); var insert = db.prepareStatement("""
                insert into audit_event (at, actor, actor_name, action, resource, outcome, details, request_id, address)
                values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, '192.0.2.7')
                """)) {
            insert.setTimestamp(1, Timestamp.from(at));
            insert.setString(2, actor);
            insert.setString(3, actor + " name");
            insert.setString(4, action);
            insert.setString(5, resource);
            insert.setString(6, outcome);
            insert.setString(7, "{\"n\": " + (at.getEpochSecond() / 3600 % 24) + "}");
            insert.setString(8, "req-" + UUID.randomUUID());
            insert.executeUpdate();
        }
    }
}
