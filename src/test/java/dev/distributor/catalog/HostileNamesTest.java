package dev.distributor.catalog;

import static dev.distributor.testing.GraphQL.vars;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import dev.distributor.testing.Catalog;
import dev.distributor.testing.GraphQL;

/**
 * Every read path and every mutation that names a package, version, target, deployment or rollout, handed a hostile
 * name: a NUL (which PostgreSQL cannot hold), {@code ..} (a folder name on hosts), 300 characters, and a bidi override.
 * Each answers INVALID_NAME, INVALID_INPUT or a *_NOT_FOUND code; never INTERNAL, never HTTP 500, and a NUL never
 * reaches SQL (it would answer INTERNAL).
 */
@QuarkusTest
class HostileNamesTest {

    private static final Set<String> ACCEPTED_CODES = Set.of("INVALID_NAME", "INVALID_INPUT", "PACKAGE_NOT_FOUND",
            "VERSION_NOT_FOUND", "TARGET_NOT_FOUND", "DEPLOYMENT_NOT_FOUND", "ROLLOUT_NOT_FOUND");

    /** The hostile values, each with whether the service must refuse it wherever a name goes. */
    private static final Map<String, String> HOSTILE = Map.of(
            "NUL", "ab\u0000cd",
            "dot-dot", "..",
            "300 characters", "a".repeat(300),
            "bidi override", "abc\u202Edef");

    private static final String FACTS = "platform: \"ubuntu\", platformVersion: \"22.04\", arch: \"x86_64\"";

    /** {@code $v} is the hostile value; {@code $p} a package that exists, with a published version 1.0.0. */
    private static final Map<String, String> GRAPHQL_PATHS = Map.ofEntries(
            Map.entry("package(name)", "query($v: String!) { package(name: $v) { name } }"),
            Map.entry("packages(namePrefix)",
                    "query($v: String!) { packages(filter: { namePrefix: $v }) { totalCount } }"),
            Map.entry("packages(publisher)",
                    "query($v: String!) { packages(filter: { publisher: $v }) { totalCount } }"),
            Map.entry("packages(tag)", "query($v: String!) { packages(filter: { tag: $v }) { totalCount } }"),
            Map.entry("fileSelection(packageName)",
                    "query($v: String!) { fileSelection(packageName: $v, " + FACTS + ") { found } }"),
            Map.entry("fileSelection(version)", "query($p: String!, $v: String!) { fileSelection(packageName: $p, "
                    + "version: $v, " + FACTS + ") { found } }"),
            Map.entry("fileSelection(platform)", "query($p: String!, $v: String!) { fileSelection(packageName: $p, "
                    + "platform: $v, platformVersion: \"22.04\", arch: \"x86_64\") { found } }"),
            Map.entry("fileSelection(platformVersion)", "query($p: String!, $v: String!) { fileSelection("
                    + "packageName: $p, platform: \"ubuntu\", platformVersion: $v, arch: \"x86_64\") { found } }"),
            Map.entry("fileSelection(arch)", "query($p: String!, $v: String!) { fileSelection(packageName: $p, "
                    + "platform: \"ubuntu\", platformVersion: \"22.04\", arch: $v) { found } }"),
            Map.entry("deletePackage", "mutation($v: String!) { deletePackage(name: $v) }"),
            Map.entry("publishVersion(packageName)",
                    "mutation($v: String!) { publishVersion(packageName: $v, version: \"1.0.0\") { state } }"),
            Map.entry("publishVersion(version)",
                    "mutation($p: String!, $v: String!) { publishVersion(packageName: $p, version: $v) { state } }"),
            Map.entry("deprecateVersion(version)",
                    "mutation($p: String!, $v: String!) { deprecateVersion(packageName: $p, version: $v) { state } }"),
            Map.entry("deleteVersion(version)",
                    "mutation($p: String!, $v: String!) { deleteVersion(packageName: $p, version: $v) }"),
            Map.entry("setDefaultVersion(version)",
                    "mutation($p: String!, $v: String!) { setDefaultVersion(packageName: $p, version: $v) { name } }"),
            Map.entry("package.version(version)",
                    "query($p: String!, $v: String!) { package(name: $p) { version(version: $v) { state } } }"),
            Map.entry("target(instanceId)", "query($v: String!) { target(instanceId: $v) { instanceId } }"),
            Map.entry("targets(instanceIds)",
                    "query($v: String!) { targets(filter: { instanceIds: [$v] }) { totalCount } }"),
            Map.entry("targets(tags)", "query($v: String!) { targets(filter: { tags: [$v] }) { totalCount } }"),
            Map.entry("targets(platforms)",
                    "query($v: String!) { targets(filter: { platforms: [$v] }) { totalCount } }"),
            Map.entry("targets(accounts)",
                    "query($v: String!) { targets(filter: { accounts: [$v] }) { totalCount } }"),
            Map.entry("targets(hasPackage)",
                    "query($v: String!) { targets(filter: { hasPackage: $v }) { totalCount } }"),
            Map.entry("targets(hasPackageVersion)", "query($p: String!, $v: String!) { targets(filter: { "
                    + "hasPackage: $p, hasPackageVersion: $v }) { totalCount } }"),
            Map.entry("tagTargets(instanceIds)", "mutation($v: String!) { tagTargets(instanceIds: [$v], "
                    + "tags: [{ key: \"env\", value: \"x\" }]) { instanceId } }"),
            Map.entry("deregisterTarget", "mutation($v: String!) { deregisterTarget(instanceId: $v) }"),
            Map.entry("deployment(id)", "query($v: String!) { deployment(id: $v) { id } }"),
            Map.entry("deployments(packageName)",
                    "query($v: String!) { deployments(packageName: $v) { totalCount } }"),
            Map.entry("rollout(id)", "query($v: String!) { rollout(id: $v) { id } }"),
            Map.entry("pauseRollout(id)", "mutation($v: String!) { pauseRollout(id: $v) { id } }"));

    /** Made once for the class: every case reads it and none changes it. */
    private static String existing;

    @BeforeEach
    void aPackageWithAPublishedVersion() {
        if (existing == null) {
            existing = Catalog.createPackage("hostile");
            Catalog.addLinuxVersion(existing, "1.0.0", true);
        }
    }

    static Stream<Arguments> graphQLPaths() {
        List<Arguments> cases = new ArrayList<>();
        GRAPHQL_PATHS.keySet().stream().sorted().forEach(path -> HOSTILE.keySet().stream().sorted()
                .forEach(kind -> cases.add(Arguments.of(path, kind))));
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] {0} given {1}")
    @MethodSource("graphQLPaths")
    void givenAHostileName_whenAGraphQLPathReadsOrChangesByIt_thenItIsRefusedOrNotFound_neverInternal(String path,
            String kind) {
        String value = HOSTILE.get(kind);

        JsonPath response = GraphQL.post(GRAPHQL_PATHS.get(path), vars("p", existing, "v", value));

        List<Map<String, Object>> errors = response.getList("errors");
        if (kind.equals("dot-dot") && (errors == null || errors.isEmpty())) {
            // '..' is ordinary text where free text goes (a publisher, a platform); it only must not be a name.
            return;
        }
        assertThat(errors).as(path + " with " + kind + " must be refused: " + response.prettify()).hasSize(1);
        assertThat(response.getString("errors[0].extensions.code")).as(response.prettify()).isIn(ACCEPTED_CODES);
    }

    @Test
    void givenTheVersionNameDotDot_whenAVersionIsAdded_thenItIsRefusedInvalidName() {
        JsonPath error = Catalog.addVersionRefused(existing, "..", Catalog.linuxManifest("..", "app-linux.zip",
                "0".repeat(64)));

        assertThat(error.getString("extensions.code")).isEqualTo("INVALID_NAME");
        assertThat(error.getString("extensions.field")).isEqualTo("version");
        assertThat(error.getString("message")).doesNotContain("\u0000");
    }

    static Stream<Arguments> restPaths() {
        List<Arguments> cases = new ArrayList<>();
        for (String path : List.of("bundle(package)", "bundle(version)", "versions(package)", "bundles(package)")) {
            HOSTILE.keySet().stream().sorted().forEach(kind -> cases.add(Arguments.of(path, kind)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] {0} given {1}")
    @MethodSource("restPaths")
    void givenAHostileName_whenARestPathNamesIt_thenItAnswers400Or404WithACode_never500(String path, String kind) {
        String value = HOSTILE.get(kind);
        byte[] manifest = Catalog.linuxManifest("1.0.0", "app-linux.zip", "0".repeat(64))
                .getBytes(StandardCharsets.UTF_8);

        Response response = switch (path) {
            case "bundle(package)" -> given().when().get("/api/packages/{n}/versions/{v}/bundle", value, "1.0.0");
            case "bundle(version)" -> given().when().get("/api/packages/{n}/versions/{v}/bundle", existing, value);
            case "versions(package)" -> given()
                    .multiPart("manifest", "manifest.json", manifest, "application/json")
                    .when().post("/api/packages/{n}/versions", value);
            case "bundles(package)" -> given()
                    .multiPart("bundle", "bundle.zip", new byte[]{'P', 'K', 5, 6}, "application/zip")
                    .when().post("/api/packages/{n}/bundles", value);
            default -> throw new IllegalArgumentException(path);
        };

        assertThat(response.statusCode()).as(path + " with " + kind + ": " + response.asString()).isIn(400, 404);
        if (response.contentType() != null && response.contentType().startsWith("application/json")) {
            assertThat(response.jsonPath().getString("code")).as(response.asString()).isIn(ACCEPTED_CODES);
        } else {
            // '..' in a URL path is resolved by the HTTP layer before routing: no route, no code, no SQL.
            assertThat(kind).as(response.asString()).isEqualTo("dot-dot");
        }
    }
}
