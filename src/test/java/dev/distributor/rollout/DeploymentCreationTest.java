package dev.distributor.rollout;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.distributor.testing.Agents;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.Fleet;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.Rollouts;

/** createDeployment refuses what could never run, with a code and the field, and creates nothing twice. */
@QuarkusTest
class DeploymentCreationTest {

    @Test
    void aDeploymentThatCannotRun_isRefusedAtCreation_withItsCodeAndField() {
        String pkg = Catalog.createPackage("create-refused");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Catalog.addLinuxVersion(pkg, "2.0.0-draft", false);
        String tag = "fleet=" + pkg;
        Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", "123456789012", "eu-west-1",
                "{\"fleet\": \"" + pkg + "\"}", OffsetDateTime.now()));

        assertRefused(with(pkg, "1.0.0", Map.of(), Map.of()), "INVALID_INPUT", "selector");
        assertRefused(input(Catalog.uniqueName("no-such-package"), "1.0.0", tag), "PACKAGE_NOT_FOUND", null);
        assertRefused(input(pkg, "9.9.9", tag), "VERSION_NOT_FOUND", "version");
        assertRefused(input(pkg, "2.0.0-draft", tag), "INVALID_STATE", "version");
        assertRefused(input(pkg, "1.0.0", "fleet=nobody-" + pkg), "NO_TARGETS", null);
        assertRefused(withStrategy(pkg, tag, Map.of("waves", List.of("0"))), "INVALID_INPUT", "strategy.waves");
        assertRefused(withStrategy(pkg, tag, Map.of("waves", List.of("ten"))), "INVALID_INPUT", "strategy.waves");
        assertRefused(withStrategy(pkg, tag, Map.of("maxErrors", "150%")), "INVALID_INPUT", "strategy.maxErrors");
        assertRefused(withStrategy(pkg, tag, Map.of("maxConcurrency", "0")), "INVALID_INPUT",
                "strategy.maxConcurrency");
        assertRefused(withStrategy(pkg, tag, Map.of("commandTimeoutSeconds", 0)), "INVALID_INPUT",
                "strategy.commandTimeoutSeconds");
        assertRefused(withStrategy(pkg, tag, Map.of("waveSuccessPercent", 101)), "INVALID_INPUT",
                "strategy.waveSuccessPercent");
        assertRefused(withArguments(pkg, tag, argument("NOT-A-NAME", "x")), "INVALID_INPUT", "arguments[0].name");
        assertRefused(withArguments(pkg, tag, argument("SSM_BIG", "x".repeat(4100))), "INVALID_INPUT", "arguments");

        // Nothing was created by any of them.
        assertThat(Agents.row("select count(*) from deployment where package_name = ?", pkg)).containsExactly(0L);
    }

    @Test
    void argumentNamesOutsideSsm_orValuesNoVariableCanHold_areRefused_namingTheArgument_atCreationAndInAPlan() {
        String pkg = Catalog.createPackage("create-arguments");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        String tag = "fleet=" + pkg;
        Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", "123456789012", "eu-west-1",
                "{\"fleet\": \"" + pkg + "\"}", OffsetDateTime.now()));
        Map<String, Object> fine = argument("SSM_PORT", "8080");

        // Names that reach the shell or the loader, and names AWS would not accept, whatever their place.
        for (String name : List.of("PATH", "LD_PRELOAD", "BASH_ENV", "ENV", "IFS", "ssm_port", "SSM_", "SSM_A-B",
                "SSM_PORT ", " SSM_PORT", "SSM_\u00c9", "XSSM_PORT")) {
            assertRefused(withArguments(pkg, tag, fine, argument("SSM_OTHER", "x"), argument(name, "x")),
                    "INVALID_INPUT", "arguments[2].name");
        }
        // A value with NUL; the same name twice; too many characters in all (names count too).
        assertRefused(withArguments(pkg, tag, fine, argument("SSM_NUL", "a\u0000b")), "INVALID_INPUT",
                "arguments[1].value");
        assertRefused(withArguments(pkg, tag, fine, argument("SSM_PORT", "9090")), "INVALID_INPUT",
                "arguments[1].name");
        assertRefused(withArguments(pkg, tag, argument("SSM_A", "x".repeat(4096 - 5 + 1))), "INVALID_INPUT",
                "arguments");
        // A plan of a deployment not created yet follows the same rule.
        JsonPath planError = GraphQL.error(PLAN_ERRORS, vars("input",
                Map.of("deployment", withArguments(pkg, tag, fine, argument("LD_PRELOAD", "/tmp/x.so")))));
        assertThat(planError.getString("extensions.code")).isEqualTo("INVALID_INPUT");
        assertThat(planError.getString("extensions.field")).isEqualTo("arguments[1].name");
        assertThat(Agents.row("select count(*) from deployment where package_name = ?", pkg)).containsExactly(0L);

        // Exactly 4096 characters in all, any text but NUL (newlines, quotes, non-ASCII): accepted as given.
        String value = "line one\n'quoted' \"x\" $(not run) \u00e9\u4e2d\ud83d\ude00";
        String padding = "x".repeat(4096 - "SSM_TEXT".length() - value.codePointCount(0, value.length())
                - "SSM_PAD".length());
        JsonPath created = GraphQL.ok(CREATE_WITH_ARGUMENTS, vars("input", withArguments(pkg, tag,
                argument("SSM_TEXT", value), argument("SSM_PAD", padding)))).setRootPath("data.createDeployment");
        assertThat(created.getList("arguments.name")).containsExactly("SSM_TEXT", "SSM_PAD");
        assertThat(created.getString("arguments[0].value")).isEqualTo(value);
    }

    @Test
    void aPackageWithoutADefaultVersion_cannotBeDeployedAsDefault() {
        String pkg = Catalog.createPackage("create-nodefault");
        Catalog.addLinuxVersion(pkg, "1.0.0", false);
        Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", "123456789012", "eu-west-1",
                "{\"fleet\": \"" + pkg + "\"}", OffsetDateTime.now()));

        assertRefused(input(pkg, "default", "fleet=" + pkg), "NO_DEFAULT_VERSION", null);
    }

    @Test
    void retriesRacingWithOneIdempotencyKey_allGetTheSameDeployment_andOnlyOneExists() {
        String pkg = Catalog.createPackage("create-race");
        Catalog.addLinuxVersion(pkg, "1.0.0", true);
        Fleet.seed(new Fleet.Seed("ubuntu", "22.04", "x86_64", "123456789012", "eu-west-1",
                "{\"fleet\": \"" + pkg + "\"}", OffsetDateTime.now()));
        Map<String, Object> input = new HashMap<>(input(pkg, "1.0.0", "fleet=" + pkg));
        input.put("idempotencyKey", "race-" + pkg);

        List<CompletableFuture<String>> calls = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> GraphQL.ok(Rollouts.CREATE, vars("input", input))
                        .getString("createDeployment.id")))
                .toList();

        List<String> ids = calls.stream().map(CompletableFuture::join).distinct().toList();
        assertThat(ids).hasSize(1);
        assertThat(Agents.row("select count(*) from deployment where package_name = ?", pkg)).containsExactly(1L);
        assertThat(Agents.row("select count(*) from rollout r join deployment d on d.id = r.deployment_id "
                + "where d.package_name = ?", pkg)).containsExactly(1L);
    }

    private static final String CREATE_WITH_ARGUMENTS = """
            mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) { id arguments { name value } } }
            """;

    private static final String PLAN_ERRORS = """
            query($input: PlanInput!) { plan(input: $input) { targetCount } }
            """;

    private static Map<String, Object> argument(String name, String value) {
        return Map.of("name", name, "value", value);
    }

    @SafeVarargs
    private static Map<String, Object> withArguments(String pkg, String tag, Map<String, Object>... arguments) {
        Map<String, Object> input = new HashMap<>(input(pkg, "1.0.0", tag));
        input.put("arguments", List.of(arguments));
        return input;
    }

    private static Map<String, Object> input(String pkg, String version, String tag) {
        return with(pkg, version, Map.of("tags", List.of(tag)), Map.of());
    }

    private static Map<String, Object> withStrategy(String pkg, String tag, Map<String, Object> strategy) {
        return with(pkg, "1.0.0", Map.of("tags", List.of(tag)), strategy);
    }

    private static Map<String, Object> with(String pkg, String version, Map<String, Object> selector,
            Map<String, Object> strategy) {
        return Map.of("packageName", pkg, "version", version, "selector", selector, "strategy", strategy);
    }

    private static void assertRefused(Map<String, Object> input, String code, String field) {
        JsonPath error = GraphQL.error(Rollouts.CREATE, vars("input", input));
        assertThat(error.getString("extensions.code")).as(error.prettify()).isEqualTo(code);
        assertThat(error.getString("message")).isNotBlank().doesNotContain("Exception");
        if (field != null) {
            assertThat(error.getString("extensions.field")).isEqualTo(field);
        }
    }
}
