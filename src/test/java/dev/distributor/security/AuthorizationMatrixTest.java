package dev.distributor.security;

import static dev.distributor.testing.Agents.keyValues;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.ws.rs.HttpMethod;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;

import dev.distributor.security.AccessMatrix.Entry;
import dev.distributor.security.AccessMatrix.Rule;
import dev.distributor.testing.GraphQLWs;
import dev.distributor.testing.OidcProfile;
import dev.distributor.testing.Tokens;

/**
 * Every operation the service offers, found in the running schema and in the REST resources, against {@link AccessMatrix}:
 * each role, a token without a role, no token, and tokens that fail verification (expired, another issuer, another
 * audience), all real JWTs signed by the test OIDC provider. An operation without a rule fails the test, and so does a
 * rule for an operation that is gone. {@code -Dsecurity.matrix.update=true} writes the matrix into docs/SECURITY.md.
 */
@QuarkusTest
@TestProfile(OidcProfile.class)
class AuthorizationMatrixTest {

    private static final Path SECURITY_MD = Path.of("docs", "SECURITY.md");
    private static final String START = "<!-- access-matrix:start -->\n";
    private static final String END = "<!-- access-matrix:end -->";

    /**
     * One value for every required String or ID argument: a UUID is a valid package name, version, file name, instance
     * id, deployment and rollout id at once, so a caller who may act gets past name checks. Fresh per run, since the
     * database is kept between runs and an allowed caller really creates what it asks for.
     */
    private static final String NAME = UUID.randomUUID().toString();

    /** How to send the REST routes that take a body: a well-formed form, so only access can tell callers apart. */
    private static final Map<String, UnaryOperator<RequestSpecification>> REST_BODIES = Map.of(
            "POST /api/packages/{name}/bundles",
            request -> request.multiPart("bundle", "bundle.zip", new byte[]{1}, "application/zip"),
            "POST /api/packages/{name}/versions",
            request -> request.multiPart("manifest", "manifest.json", "{}".getBytes(StandardCharsets.UTF_8),
                    "application/json").multiPart("file", "app.zip", new byte[]{1}, "application/zip"));

    private static final String INTROSPECTION = """
            { __schema { queryType { name } mutationType { name } subscriptionType { name }
                types { kind name
                  fields { name type { ...ref } args { name defaultValue type { ...ref } } }
                  inputFields { name defaultValue type { ...ref } }
                  enumValues { name } } } }
            fragment ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
            """;

    /** Who calls. */
    enum Caller {
        VIEWER(Role.VIEWER), PUBLISHER(Role.PUBLISHER), DEPLOYER(Role.DEPLOYER), ADMIN(Role.ADMIN), NO_ROLE(
                null), NO_TOKEN(null), EXPIRED(null), OTHER_ISSUER(null), WRONG_AUDIENCE(null);

        final Role role;

        Caller(Role role) {
            this.role = role;
        }

        boolean badToken() {
            return this == EXPIRED || this == OTHER_ISSUER || this == WRONG_AUDIENCE;
        }

        /** What this caller must get from an operation with {@code rule}. */
        Outcome expected(Rule rule) {
            if (rule == Rule.PUBLIC) {
                return Outcome.ALLOWED;
            }
            if (rule == Rule.ANY_CALLER) {
                return badToken() ? Outcome.TOKEN_REJECTED : Outcome.ALLOWED;
            }
            if (badToken()) {
                return Outcome.TOKEN_REJECTED;
            }
            if (this == NO_TOKEN) {
                return Outcome.UNAUTHORIZED;
            }
            return role != null && rule.allows(role) ? Outcome.ALLOWED : Outcome.FORBIDDEN;
        }
    }

    /** What came back; ALLOWED is anything but a refusal (data, or an error such as PACKAGE_NOT_FOUND). */
    enum Outcome {
        ALLOWED, FORBIDDEN, UNAUTHORIZED,
        /** HTTP 401 with a Bearer challenge (or, over WebSocket, a refused connection). */
        TOKEN_REJECTED
    }

    private static final Map<Caller, String> TOKENS = tokens();

    @TestHTTPResource("/graphql")
    URI graphql;

    @Test
    void everyOperationHasARule_andEveryRuleAnOperation() {
        Set<String> live = new TreeSet<>(schema().operations().keySet());
        live.addAll(restRoutes().keySet());

        Set<String> withoutRule = new TreeSet<>(live);
        withoutRule.removeIf(operation -> AccessMatrix.entry(operation) != null);
        assertThat(withoutRule).as("operations without a rule: add them to AccessMatrix").isEmpty();

        List<String> gone = AccessMatrix.entries().stream()
                .map(Entry::operation).filter(operation -> !live.contains(operation)).toList();
        assertThat(gone).as("rules for operations that no longer exist: remove them from AccessMatrix").isEmpty();
    }

    @Test
    void everyQueryAndMutation_answersEachCallerAsTheMatrixSays() {
        Schema schema = schema();
        List<String> wrong = new ArrayList<>();
        schema.operations().forEach((operation, document) -> {
            if (operation.startsWith("Subscription.")) {
                return;
            }
            Rule rule = ruleOf(operation);
            for (Caller caller : Caller.values()) {
                Response response = graphqlRequest(caller).body(Map.of("query", document)).post("/graphql");
                Outcome outcome = graphqlOutcome(response, operation, wrong);
                check(wrong, operation, document, caller, caller.expected(rule), outcome, response.asString());
            }
        });
        assertThat(wrong).as("operations answering a caller against the matrix").isEmpty();
    }

    @Test
    void everySubscription_answersEachCallerAsTheMatrixSays() throws Exception {
        Schema schema = schema();
        List<String> wrong = new ArrayList<>();
        for (var operation : schema.operations().entrySet()) {
            if (!operation.getKey().startsWith("Subscription.")) {
                continue;
            }
            Rule rule = ruleOf(operation.getKey());
            for (Caller caller : Caller.values()) {
                String[] seen = new String[1];
                Outcome outcome = subscribe(caller, operation.getValue(), seen);
                check(wrong, operation.getKey(), operation.getValue(), caller, caller.expected(rule), outcome,
                        seen[0]);
            }
        }
        assertThat(wrong).as("subscriptions answering a caller against the matrix").isEmpty();
    }

    @Test
    void everyRestRoute_answersEachCallerAsTheMatrixSays() {
        List<String> wrong = new ArrayList<>();
        restRoutes().forEach((route, path) -> {
            Rule rule = ruleOf(route);
            String method = route.substring(0, route.indexOf(' '));
            UnaryOperator<RequestSpecification> body = REST_BODIES.getOrDefault(route, UnaryOperator.identity());
            if (!method.equals("GET") && !REST_BODIES.containsKey(route)) {
                wrong.add(route + ": say in REST_BODIES how to send it");
                return;
            }
            for (Caller caller : Caller.values()) {
                Response response = body.apply(authorized(given(), caller)).request(method, path);
                // REST answers every caller it cannot sign in with 401 {"code": "UNAUTHORIZED"}, bad token or none.
                Outcome expected = caller.badToken() && rule != Rule.PUBLIC
                        ? Outcome.UNAUTHORIZED
                        : caller.expected(rule);
                check(wrong, route, path, caller, expected, restOutcome(response), response.asString());
            }
        });
        assertThat(wrong).as("REST routes answering a caller against the matrix").isEmpty();
    }

    /** /agent/v1 takes agent tokens only (AgentAuthTest has the rest): an OIDC token opens nothing there. */
    @Test
    void theAgentApi_refusesOidcTokensAndAnonymousCallers() {
        for (Caller caller : Caller.values()) {
            Response response = authorized(given(), caller).queryParam("wait", 0).get("/agent/v1/commands/next");
            assertThat(response.statusCode()).as(caller.name()).isEqualTo(401);
            assertThat(keyValues(response.asString())).as(caller.name()).containsEntry("ERROR", "UNAUTHORIZED");
        }
    }

    /** docs/SECURITY.md's "Who can do what" is this matrix; -Dsecurity.matrix.update=true rewrites it. */
    @Test
    void theSecurityPage_showsTheMatrix() throws IOException {
        String page = Files.readString(SECURITY_MD, StandardCharsets.UTF_8);
        int start = page.indexOf(START);
        int end = page.indexOf(END);
        assertThat(start).as("docs/SECURITY.md holds the markers " + START.strip() + " and " + END).isNotNegative();
        assertThat(end).isGreaterThan(start);
        String committed = page.substring(start + START.length(), end);
        String generated = AccessMatrix.markdown();
        if (Boolean.getBoolean("security.matrix.update")) {
            Files.writeString(SECURITY_MD, page.substring(0, start + START.length()) + generated + page.substring(end),
                    StandardCharsets.UTF_8);
            committed = generated;
        }
        assertThat(committed).as("docs/SECURITY.md's matrix differs from AccessMatrix; rerun with "
                + "-Dsecurity.matrix.update=true to write it").isEqualTo(generated);
    }

    private static void check(List<String> wrong, String operation, String call, Caller caller, Outcome expected,
            Outcome outcome, String answer) {
        if (outcome != expected) {
            wrong.add(operation + " as " + caller + ": expected " + expected + ", got " + outcome
                    + "\n    call: " + call.strip() + "\n    answer: " + abbreviate(answer));
        }
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "(nothing)";
        }
        String flat = text.replace('\n', ' ');
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    private static Rule ruleOf(String operation) {
        Entry entry = AccessMatrix.entry(operation);
        // An operation without a rule is everyOperationHasARule's failure; here it must refuse everyone but admin.
        return entry == null ? Rule.ADMIN : entry.rule();
    }

    // --- Callers -----------------------------------------------------------------------------------------------

    private static Map<Caller, String> tokens() {
        String run = UUID.randomUUID().toString();
        Map<Caller, String> tokens = new EnumMap<>(Caller.class);
        for (Caller caller : Caller.values()) {
            String subject = "matrix-" + caller.name().toLowerCase(java.util.Locale.ROOT) + "-" + run;
            switch (caller) {
                case NO_TOKEN -> {
                }
                case NO_ROLE -> tokens.put(caller, Tokens.of(subject));
                case EXPIRED -> tokens.put(caller, Tokens.expired(subject, "admin"));
                case OTHER_ISSUER -> tokens.put(caller, Tokens.otherIssuer(subject, "admin"));
                case WRONG_AUDIENCE -> tokens.put(caller, Tokens.wrongAudience(subject, "admin"));
                default -> tokens.put(caller, Tokens.of(subject, caller.role.claimValue()));
            }
        }
        return tokens;
    }

    private static RequestSpecification authorized(RequestSpecification request, Caller caller) {
        String token = TOKENS.get(caller);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private static RequestSpecification graphqlRequest(Caller caller) {
        return authorized(given().contentType(ContentType.JSON), caller);
    }

    // --- Outcomes ----------------------------------------------------------------------------------------------

    private static Outcome graphqlOutcome(Response response, String operation, List<String> wrong) {
        if (response.statusCode() == 401) {
            return bearerChallenge(response) ? Outcome.TOKEN_REJECTED : Outcome.UNAUTHORIZED;
        }
        List<Map<String, Object>> errors = response.jsonPath().getList("errors");
        return errorsOutcome(errors == null ? List.of() : errors, operation, wrong);
    }

    @SuppressWarnings("unchecked")
    private static Outcome errorsOutcome(List<Map<String, Object>> errors, String operation, List<String> wrong) {
        Set<Object> codes = errors.stream().map(e -> (Map<String, Object>) e.getOrDefault("extensions", Map.of()))
                .map(extensions -> extensions.getOrDefault("code", extensions.get("classification")))
                .collect(Collectors.toSet());
        if (codes.contains("ValidationError") || codes.contains("InvalidSyntax")) {
            wrong.add(operation + ": the generated call does not validate: " + errors);
        }
        if (codes.contains("UNAUTHORIZED")) {
            return Outcome.UNAUTHORIZED;
        }
        return codes.contains("FORBIDDEN") ? Outcome.FORBIDDEN : Outcome.ALLOWED;
    }

    private static Outcome restOutcome(Response response) {
        return switch (response.statusCode()) {
            case 401 -> "UNAUTHORIZED".equals(jsonCode(response)) ? Outcome.UNAUTHORIZED : Outcome.TOKEN_REJECTED;
            case 403 -> Outcome.FORBIDDEN;
            default -> Outcome.ALLOWED;
        };
    }

    private static boolean bearerChallenge(Response response) {
        String challenge = response.header("WWW-Authenticate");
        return challenge != null && challenge.startsWith("Bearer");
    }

    private static String jsonCode(Response response) {
        try {
            return response.jsonPath().getString("code");
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /** Subscribes as {@code caller}; the outcome is decided by the first message, the first error or a refusal. */
    @SuppressWarnings("unchecked")
    private Outcome subscribe(Caller caller, String document, String[] seen) throws Exception {
        GraphQLWs socket;
        try {
            socket = TOKENS.containsKey(caller)
                    ? GraphQLWs.connect(graphql, TOKENS.get(caller))
                    : GraphQLWs.connect(graphql);
        } catch (Exception refused) {
            seen[0] = "connection refused: " + refused;
            return Outcome.TOKEN_REJECTED;
        }
        try (socket) {
            var subscription = socket.subscribe(document, Map.of());
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> !subscription.next().isEmpty() || subscription.isDone());
            seen[0] = "next " + subscription.next() + ", errors " + subscription.errors()
                    + (socket.closed().isDone() ? ", closed " + socket.closed().getNow(null) : "");
            if (socket.closed().isDone()) {
                return Outcome.TOKEN_REJECTED;
            }
            List<Map<String, Object>> errors = subscription.errors().stream().map(JsonObject::getMap).toList();
            List<String> invalid = new ArrayList<>();
            Outcome outcome = errorsOutcome(errors, document, invalid);
            if (!invalid.isEmpty()) {
                seen[0] = String.join("; ", invalid);
            }
            return outcome;
        }
    }

    // --- Operations --------------------------------------------------------------------------------------------

    /** The root fields of the running schema, each with a call that validates. */
    record Schema(Map<String, String> operations) {
    }

    private Schema schema() {
        JsonPath introspection = given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + TOKENS.get(Caller.ADMIN))
                .body(Map.of("query", INTROSPECTION)).post("/graphql").then().statusCode(200).extract().jsonPath();
        assertThat(introspection.getList("errors")).as("introspection").isNull();
        Map<String, Map<String, Object>> types = introspection.<Map<String, Object>>getList("data.__schema.types")
                .stream().collect(Collectors.toMap(t -> (String) t.get("name"), t -> t));
        Map<String, String> operations = new java.util.TreeMap<>();
        for (String root : List.of("queryType", "mutationType", "subscriptionType")) {
            String rootName = introspection.getString("data.__schema." + root + ".name");
            if (rootName == null) {
                continue;
            }
            String keyword = root.replace("Type", "");
            for (Map<String, Object> field : fields(types.get(rootName), "fields")) {
                String arguments = requiredFields(field, "args", types);
                String document = keyword + " { " + field.get("name")
                        + (arguments.isEmpty() ? "" : "(" + arguments + ")")
                        + selection((Map<String, Object>) field.get("type"), types) + " }";
                operations.put(rootName + "." + field.get("name"), document);
            }
        }
        return new Schema(operations);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> fields(Map<String, Object> type, String kind) {
        Object fields = type.get(kind);
        return fields == null ? List.of() : (List<Map<String, Object>>) fields;
    }

    /** {@code name: value, ...} for the non-null fields without a default: the only ones a call must give. */
    @SuppressWarnings("unchecked")
    private static String requiredFields(Map<String, Object> owner, String kind,
            Map<String, Map<String, Object>> types) {
        return fields(owner, kind).stream()
                .filter(f -> "NON_NULL".equals(((Map<String, Object>) f.get("type")).get("kind"))
                        && f.get("defaultValue") == null)
                .map(f -> f.get("name") + ": " + literal((Map<String, Object>) f.get("type"), types))
                .collect(Collectors.joining(", "));
    }

    @SuppressWarnings("unchecked")
    private static String literal(Map<String, Object> type, Map<String, Map<String, Object>> types) {
        Map<String, Object> of = (Map<String, Object>) type.get("ofType");
        String name = (String) type.get("name");
        return switch ((String) type.get("kind")) {
            case "NON_NULL" -> literal(of, types);
            case "LIST" -> "[" + literal(of, types) + "]";
            case "ENUM" -> (String) fields(types.get(name), "enumValues").get(0).get("name");
            case "INPUT_OBJECT" -> "{" + requiredFields(types.get(name), "inputFields", types) + "}";
            default -> switch (name) {
                case "Int", "Long", "BigInteger", "BigDecimal", "Float" -> "1";
                case "Boolean" -> "false";
                default -> "\"" + NAME + "\"";
            };
        };
    }

    /** {@code { __typename }} for an object result, nothing for a scalar or an enum. */
    @SuppressWarnings("unchecked")
    private static String selection(Map<String, Object> type, Map<String, Map<String, Object>> types) {
        while (type.get("name") == null) {
            type = (Map<String, Object>) type.get("ofType");
        }
        String kind = (String) type.get("kind");
        return kind.equals("OBJECT") || kind.equals("INTERFACE") || kind.equals("UNION") ? " { __typename }" : "";
    }

    /**
     * Every REST route ({@code METHOD /path}, with the path to call): the jakarta.ws.rs resources under
     * dev.distributor, read from the compiled classes. /agent/v1 takes agent tokens and is left to the agent tests.
     */
    private static Map<String, String> restRoutes() {
        Path classes = Path.of("target", "classes");
        Map<String, String> routes = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(classes.resolve("dev/distributor"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String className = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> resource;
                try {
                    resource = Class.forName(className, false, Thread.currentThread().getContextClassLoader());
                } catch (ClassNotFoundException | LinkageError unloadable) {
                    continue;
                }
                jakarta.ws.rs.Path base = resource.getAnnotation(jakarta.ws.rs.Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : resource.getDeclaredMethods()) {
                    String verb = httpMethod(method);
                    if (verb == null) {
                        continue;
                    }
                    jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                    String path = ("/" + base.value() + "/" + (sub == null ? "" : sub.value()))
                            .replaceAll("/+", "/").replaceAll("(.)/$", "$1")
                            .replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
                    if (!path.startsWith("/agent/v1")) {
                        routes.put(verb + " " + path, path.replaceAll("\\{\\w+}", NAME));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + classes, e);
        }
        assertThat(routes).as("REST routes found in " + classes).isNotEmpty();
        return routes;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }
}
