package dev.distributor.common.telemetry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.distributor.security.RequestIdFilter;
import dev.distributor.testing.Catalog;

/**
 * Traces and JSON logs as production runs them (docs/TRACES-AND-LOGS.md): a profile turns the SDK on (as
 * DISTRIBUTOR_OTEL_DISABLED=false does) with spans going to {@link dev.distributor.testing.CapturedSpans} and switches the console to JSON;
 * each test logs SQL statements (org.hibernate.SQL at DEBUG) so that serving a request writes log lines. That level is
 * set here and restored after, not in the profile: log levels are JVM-wide, and Quarkus applies a profile's levels when
 * it builds the application, before the other test classes run.
 */
@QuarkusTest
@TestProfile(TracesAndLogsTest.Traced.class)
class TracesAndLogsTest {

    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "50ms",
                    "quarkus.log.console.json.enabled", "true");
        }
    }

    private static final String CREATE_SIMPLE = """
            mutation CreateTracedPackage($input: CreateSimplePackageInput!) {
              createSimplePackage(input: $input) { version { state } }
            }
            """;

    private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey(RequestIdFilter.SPAN_ATTRIBUTE);

    @Inject
    InMemorySpanExporter spans;

    private final JsonLines lines = new JsonLines();
    private final Logger sql = Logger.getLogger("org.hibernate.SQL");
    private java.util.logging.Level sqlLevel;

    @BeforeEach
    void capture() {
        spans.reset();
        lines.formatter = consoleFormatter(Logger.getLogger("").getHandlers());
        Logger.getLogger("").addHandler(lines);
        sqlLevel = sql.getLevel();
        sql.setLevel(org.jboss.logmanager.Level.DEBUG);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(lines);
        sql.setLevel(sqlLevel);
    }

    @Test
    void aMutationThatTouchesTheDatabaseAndS3_isOneTraceFromTheGraphQLOperationDownToEachStatementAndS3Call() {
        String requestId = "trace-" + UUID.randomUUID().toString().substring(0, 8);
        createSimplePackage(requestId);

        List<SpanData> trace = awaitTraceOf(requestId, span -> span.getName().equals("GraphQL:CreateTracedPackage"));
        SpanData operation = only(trace, span -> span.getName().equals("GraphQL:CreateTracedPackage"));
        assertThat(operation.getAttributes().get(AttributeKey.stringKey("graphql.operationName")))
                .isEqualTo("CreateTracedPackage");
        Set<String> below = descendantsOf(operation, trace);
        assertThat(trace).as(describe(trace)).anySatisfy(span -> {
            assertThat(isDatabase(span)).isTrue();
            assertThat(below).contains(span.getSpanId());
        });
        assertThat(trace).as(describe(trace)).anySatisfy(span -> {
            assertThat(isS3(span)).isTrue();
            assertThat(below).contains(span.getSpanId());
        });
        Set<String> ids = trace.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        assertThat(trace).as("every span but the root has its parent in the trace: " + describe(trace))
                .filteredOn(span -> !ids.contains(span.getParentSpanId()))
                .hasSize(1);
    }

    @Test
    void eachJsonLogLineWrittenWhileServingARequest_carriesItsRequestTraceAndSpanIds() {
        String requestId = "logs-" + UUID.randomUUID().toString().substring(0, 8);
        Response response = createSimplePackage(requestId);

        assertThat(response.header("X-Request-Id")).isEqualTo(requestId);
        String traceId = awaitTraceOf(requestId, span -> true).get(0).getTraceId();
        List<JsonNode> ours = lines.parsed().stream()
                .filter(line -> requestId.equals(line.path("mdc").path(RequestIds.MDC_KEY).asText()))
                .toList();
        assertThat(ours).as("SQL statements logged while serving the request").isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("loggerName").asText()).isNotBlank();
            assertThat(line.path("mdc").path("traceId").asText()).isEqualTo(traceId);
            assertThat(line.path("mdc").path("spanId").asText()).hasSize(16);
        });
    }

    @Test
    void anXRequestIdThatIsNotAPlainBoundedToken_isReplacedByAFreshId() {
        String tooLong = "a".repeat(65);
        for (String sent : List.of(tooLong, "two words", "new\u00e9line")) {
            String echoed = given().header("X-Request-Id", sent).get("/q/health/live").then().statusCode(200)
                    .extract().header("X-Request-Id");
            assertThat(echoed).isNotEqualTo(sent);
            assertThat(UUID.fromString(echoed)).isNotNull();
        }
    }

    private static Response createSimplePackage(String requestId) {
        String sha = Catalog.upload("hello", "#!/bin/sh\necho traced\n".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> input = new HashMap<>();
        input.put("packageName", Catalog.uniqueName("traced"));
        input.put("version", "1.0.0");
        input.put("publisher", "Test Corp");
        input.put("installer", Map.of("fileName", "hello", "sha256", sha));
        input.put("entries", List.of(Map.of("platform", "ubuntu", "arch", "x86_64")));
        Response response = given().header("X-Request-Id", requestId).contentType(ContentType.JSON)
                .body(Map.of("query", CREATE_SIMPLE, "operationName", "CreateTracedPackage",
                        "variables", Map.of("input", input)))
                .post("/graphql");
        response.then().statusCode(200);
        assertThat(response.jsonPath().getString("data.createSimplePackage.version.state"))
                .as(response.asString()).isEqualTo("DRAFT");
        return response;
    }

    /** The spans of the trace whose server span carries {@code requestId}, once one of them matches {@code until}. */
    private List<SpanData> awaitTraceOf(String requestId, java.util.function.Predicate<SpanData> until) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<SpanData> all = spans.getFinishedSpanItems();
            String traceId = all.stream().filter(span -> requestId.equals(span.getAttributes().get(REQUEST_ID)))
                    .map(SpanData::getTraceId).findFirst().orElse(null);
            return all.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
        }, trace -> trace.stream().anyMatch(until));
    }

    private static boolean isDatabase(SpanData span) {
        // db.system's value differs between semantic-convention versions; a statement is what makes a database span.
        return span.getAttributes().get(AttributeKey.stringKey("db.statement")) != null;
    }

    private static boolean isS3(SpanData span) {
        return "S3".equals(span.getAttributes().get(AttributeKey.stringKey("rpc.service")));
    }

    private static SpanData only(List<SpanData> trace, java.util.function.Predicate<SpanData> which) {
        List<SpanData> found = trace.stream().filter(which).toList();
        assertThat(found).as(describe(trace)).hasSize(1);
        return found.get(0);
    }

    private static Set<String> descendantsOf(SpanData root, List<SpanData> trace) {
        Set<String> found = new java.util.HashSet<>(Set.of(root.getSpanId()));
        boolean grew = true;
        while (grew) {
            grew = trace.stream().filter(span -> found.contains(span.getParentSpanId()))
                    .map(SpanData::getSpanId).map(found::add).reduce(false, Boolean::logicalOr);
        }
        found.remove(root.getSpanId());
        return found;
    }

    private static String describe(List<SpanData> trace) {
        return trace.stream().map(span -> span.getName() + " [" + span.getSpanId() + " <- " + span.getParentSpanId()
                + "] " + span.getAttributes().asMap().keySet()).collect(Collectors.joining("\n  ", "trace:\n  ", ""));
    }

    /** The formatter of the console handler, wherever Quarkus nested it. */
    private static java.util.logging.Formatter consoleFormatter(java.util.logging.Handler[] handlers) {
        for (java.util.logging.Handler handler : handlers) {
            if (handler instanceof ConsoleHandler) {
                return handler.getFormatter();
            }
            if (handler instanceof ExtHandler ext) {
                java.util.logging.Formatter nested = consoleFormatter(ext.getHandlers());
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    /** Formats each record as the console would write it, at the moment it is logged (when the MDC is the caller's). */
    private static final class JsonLines extends ExtHandler {
        private final List<String> formatted = new ArrayList<>();
        java.util.logging.Formatter formatter;

        @Override
        protected synchronized void doPublish(ExtLogRecord record) {
            formatted.add(formatter.format(record));
        }

        synchronized List<JsonNode> parsed() {
            ObjectMapper json = new ObjectMapper();
            return formatted.stream().map(line -> {
                try {
                    return json.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new AssertionError("not a JSON line: " + line, e);
                }
            }).toList();
        }
    }
}
