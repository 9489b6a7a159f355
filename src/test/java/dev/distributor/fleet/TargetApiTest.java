package dev.distributor.fleet;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.Fleet;
import dev.distributor.testing.GraphQL;

@QuarkusTest
class TargetApiTest {

    private static final String TARGETS = """
            query($filter: TargetFilterInput, $first: Int, $after: String) {
              targets(filter: $filter, first: $first, after: $after) {
                totalCount
                edges { node { instanceId platform online tags { key value } installedPackages { packageName version } } }
                pageInfo { hasNextPage endCursor }
              }
            }
            """;

    private String account;
    private String webUbuntu;
    private String dbUbuntuOffline;
    private String webRedhat;

    @BeforeEach
    void givenAFleetInOneAccount() {
        account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime now = OffsetDateTime.now();
        webUbuntu = Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", account, "eu-west-1",
                "{\"role\":\"web\",\"env\":\"prod\"}", now));
        dbUbuntuOffline = Fleet.seed(new Fleet.Seed("ubuntu", "20.04", "arm64", account, "us-east-1",
                "{\"role\":\"db\",\"env\":\"prod\"}", now.minusHours(2)));
        webRedhat = Fleet.seed(new Fleet.Seed("redhat", "9.2", "x86_64", account, "eu-west-1",
                "{\"role\":\"web\"}", null));
        Fleet.installed(webUbuntu, Map.of("agent-x", "1.0", "nginx-conf", "3"));
        Fleet.installed(webRedhat, Map.of("agent-x", "2.0"));
    }

    private List<String> ids(Map<String, Object> filter) {
        Map<String, Object> scoped = new java.util.HashMap<>(filter);
        scoped.put("accounts", List.of(account));
        return GraphQL.ok(TARGETS, vars("filter", scoped)).getList("targets.edges.node.instanceId");
    }

    @Test
    void filtersByTagsPlatformRegionAndArch() {
        assertThat(ids(Map.of("tags", List.of("role=web")))).containsExactlyInAnyOrder(webUbuntu, webRedhat);
        assertThat(ids(Map.of("tags", List.of("role=web", "env")))).containsExactly(webUbuntu);
        assertThat(ids(Map.of("platforms", List.of("ubuntu")))).containsExactlyInAnyOrder(webUbuntu,
                dbUbuntuOffline);
        assertThat(ids(Map.of("regions", List.of("us-east-1")))).containsExactly(dbUbuntuOffline);
        assertThat(ids(Map.of("arch", "x86_64", "platformVersion", "9.2"))).containsExactly(webRedhat);
        assertThat(ids(Map.of("instanceIds", List.of(webRedhat, "mi-00000000000000000"))))
                .containsExactly(webRedhat);
    }

    @Test
    void filtersByOnlineStateAndInstalledPackages() {
        assertThat(ids(Map.of("online", true))).containsExactly(webUbuntu);
        assertThat(ids(Map.of("online", false))).containsExactlyInAnyOrder(dbUbuntuOffline, webRedhat);
        assertThat(ids(Map.of("hasPackage", "agent-x"))).containsExactlyInAnyOrder(webUbuntu, webRedhat);
        assertThat(ids(Map.of("hasPackage", "agent-x", "hasPackageVersion", "2.0"))).containsExactly(webRedhat);
    }

    @Test
    void targetShowsFactsTagsOnlineAndInstalledPackages() {
        JsonPath target = GraphQL.ok("""
                query($id: String!) {
                  target(instanceId: $id) {
                    instanceId platform platformVersion arch account region online lastSeen
                    tags { key value } installedPackages { packageName version }
                  }
                }
                """, vars("id", webUbuntu)).setRootPath("data.target");

        assertThat(target.getString("platformVersion")).isEqualTo("22.04");
        assertThat(target.getBoolean("online")).isTrue();
        assertThat(target.getList("installedPackages.packageName")).containsExactly("agent-x", "nginx-conf");
        assertThat(target.getList("tags.key")).containsExactlyInAnyOrder("role", "env");
    }

    @Test
    void pagesThroughTargetsWithCursors() {
        JsonPath first = GraphQL.ok(TARGETS, vars("filter", Map.of("accounts", List.of(account)), "first", 2))
                .setRootPath("data.targets");
        JsonPath rest = GraphQL.ok(TARGETS, vars("filter", Map.of("accounts", List.of(account)), "first", 2,
                "after", first.getString("pageInfo.endCursor"))).setRootPath("data.targets");

        assertThat(first.getInt("totalCount")).isEqualTo(3);
        assertThat(first.getBoolean("pageInfo.hasNextPage")).isTrue();
        assertThat(rest.getList("edges")).hasSize(1);
        assertThat(rest.getBoolean("pageInfo.hasNextPage")).isFalse();
    }

    @Test
    void tagAndUntagTargets_changeWhatTagFiltersSelect() {
        GraphQL.ok(
                """
                        mutation($ids: [String!]!) { tagTargets(instanceIds: $ids, tags: [{key: "ring", value: "canary"}]) { instanceId } }
                        """,
                vars("ids", List.of(webUbuntu, webRedhat)));
        assertThat(ids(Map.of("tags", List.of("ring=canary")))).containsExactlyInAnyOrder(webUbuntu, webRedhat);

        GraphQL.ok("""
                mutation($ids: [String!]!) { untagTargets(instanceIds: $ids, keys: ["ring"]) { instanceId } }
                """, vars("ids", List.of(webRedhat)));
        assertThat(ids(Map.of("tags", List.of("ring")))).containsExactly(webUbuntu);
    }

    @Test
    void taggingAnUnknownTarget_changesNothing() {
        JsonPath error = GraphQL.error(
                """
                        mutation($ids: [String!]!) { tagTargets(instanceIds: $ids, tags: [{key: "ring", value: "x"}]) { instanceId } }
                        """,
                vars("ids", List.of(webUbuntu, "mi-fffffffffffffffff")));

        assertThat(error.getString("extensions.code")).isEqualTo("TARGET_NOT_FOUND");
        assertThat(ids(Map.of("tags", List.of("ring")))).isEmpty();
    }

    @Test
    void deregisteredTargetsLeaveTheFleet() {
        GraphQL.ok("mutation($id: String!) { deregisterTarget(instanceId: $id) }", vars("id", webRedhat));

        assertThat(ids(Map.of())).containsExactlyInAnyOrder(webUbuntu, dbUbuntuOffline);
        assertThat(GraphQL.ok("query($id: String!) { target(instanceId: $id) { instanceId } }",
                vars("id", webRedhat)).getString("target")).isNull();
        assertThat(GraphQL.error("mutation($id: String!) { deregisterTarget(instanceId: $id) }",
                vars("id", webRedhat)).getString("extensions.code")).isEqualTo("TARGET_NOT_FOUND");
    }
}
