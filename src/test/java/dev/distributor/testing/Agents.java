package dev.distributor.testing;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;

import dev.distributor.agent.AgentCommandService;
import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.service.ActivationService;

/** Test fixtures for the agent API: activations, registered hosts speaking /agent/v1, and direct database reads. */
public final class Agents {

    private Agents() {
    }

    /** A registered host: its id and token. */
    public record Host(String instanceId, String token) {
    }

    /** Runs reactive service code from a test thread, on a Vert.x context as the services expect. */
    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e);
        }
    }

    public static <T> T bean(Class<T> type) {
        return Arc.container().instance(type).get();
    }

    public static ActivationService.CreatedActivation activation(int limit, Map<String, String> tags) {
        return await(() -> bean(ActivationService.class).create(new ActivationService.NewActivation("test",
                "111122223333", "eu-west-1", tags, limit, Duration.ofHours(1))));
    }

    /** The form of a well-formed registration for this activation. */
    public static Map<String, Object> registrationForm(ActivationService.CreatedActivation activation) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("ACTIVATION_ID", activation.id().toString());
        form.put("ACTIVATION_CODE", activation.code());
        form.put("HOSTNAME", "web-1.example.internal");
        form.put("PLATFORM", "ubuntu");
        form.put("PLATFORM_VERSION", "22.04");
        form.put("ARCH", "x86_64");
        form.put("AGENT_VERSION", "sh-0.1.0");
        return form;
    }

    public static Response register(Map<String, ?> form, String... installed) {
        var request = given().contentType("application/x-www-form-urlencoded; charset=utf-8").formParams(form);
        if (installed.length > 0) {
            request = request.formParam("INSTALLED", (Object[]) installed);
        }
        return request.post("/agent/v1/register");
    }

    public static Host registerHost() {
        return registerHost(activation(10, Map.of("env", "test")));
    }

    public static Host registerHost(ActivationService.CreatedActivation activation) {
        Map<String, String> answer = keyValues(register(registrationForm(activation)).then().statusCode(201)
                .extract().asString());
        return new Host(answer.get("INSTANCE_ID"), answer.get("TOKEN"));
    }

    public static Response poll(Host host, int waitSeconds) {
        return given().header("Authorization", "Bearer " + host.token())
                .queryParam("wait", waitSeconds)
                .get("/agent/v1/commands/next");
    }

    public static Response report(Host host, String commandId, Map<String, ?> form) {
        return given().header("Authorization", "Bearer " + host.token())
                .contentType("application/x-www-form-urlencoded; charset=utf-8")
                .formParams(form)
                .post("/agent/v1/commands/" + commandId + "/status");
    }

    /** Parses {@code KEY=value} lines the way {@code IFS='=' read -r key value} does. */
    public static Map<String, String> keyValues(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    public static CommandSpec install(String instanceId, String fileSha256) {
        return new CommandSpec(instanceId, "INSTALL", "REINSTALL", "hello", "1.1.0", fileSha256,
                fileSha256 == null ? null : 1024L, null, null, Map.of("SSM_GREETING", "hi there"), 600, false, 3600,
                4860);
    }

    public static UUID queue(CommandSpec spec) {
        return await(() -> bean(AgentCommandService.class).queue(spec));
    }

    public static AgentCommand command(UUID id) {
        return await(() -> bean(AgentCommandService.class).find(id)).orElseThrow();
    }

    /** One row of a query on the test database, columns in order. */
    public static List<Object> row(String sql, Object... params) {
        List<List<Object>> rows = rows(sql, params);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row, got " + rows.size() + " for " + sql);
        }
        return rows.get(0);
    }

    public static List<List<Object>> rows(String sql, Object... params) {
        try (Connection connection = connect(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (var result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int update(String sql, Object... params) {
        try (Connection connection = connect(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect() throws SQLException {
        String host = env("DISTRIBUTOR_DB_HOST", "127.0.0.1");
        String port = env("DISTRIBUTOR_DB_PORT", "5432");
        return DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + port + "/" + env("DISTRIBUTOR_TEST_DB_NAME", "distributor_test"),
                env("DISTRIBUTOR_DB_USER", "distributor"), env("DISTRIBUTOR_DB_PASSWORD", "distributor"));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
