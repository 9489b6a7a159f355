package dev.distributor.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.distributor.common.db.Notifications;
import dev.distributor.testing.TestInfrastructure;

/**
 * The one PostgreSQL database every service process of an IT shares: {@code DISTRIBUTOR_IT_DB_NAME} (environment) or
 * the {@code distributor.it.db-name} system property, default {@code distributor_it}, on the server and login the
 * service reads ({@code DISTRIBUTOR_DB_HOST}, {@code _PORT}, {@code _USER}, {@code _PASSWORD}).
 */
final class ItDatabase {

    private ItDatabase() {
    }

    static String name() {
        String env = System.getenv("DISTRIBUTOR_IT_DB_NAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return System.getProperty("distributor.it.db-name", "distributor_it");
    }

    /**
     * Empties the database before a test class starts its processes: the public schema is dropped with everything in
     * it (Flyway's history included), so the first process migrates from scratch and no earlier run's rows remain.
     * Creates the database first when it is missing (as the postgres superuser, which trust auth allows locally).
     *
     * @throws IllegalStateException when the database can be neither reached nor created
     */
    static void reset() {
        try (Connection db = connect(); Statement statement = db.createStatement()) {
            statement.execute("drop schema if exists public cascade");
            statement.execute("create schema public");
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty database " + name() + " at " + base(), e);
        }
    }

    /**
     * Has PostgreSQL terminate every replica's LISTEN connection to this database (as a failover or a network cut
     * would); returns how many it terminated.
     */
    static int cutListenConnections() {
        try (Connection db = connect();
                Statement statement = db.createStatement();
                ResultSet terminated = statement.executeQuery("select count(pg_terminate_backend(pid)) "
                        + "from pg_stat_activity where application_name = '" + Notifications.APPLICATION_NAME
                        + "' and datname = current_database()")) {
            terminated.next();
            return terminated.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not terminate the LISTEN connections", e);
        }
    }

    /** The rows a query returns, each a map from column label to value, in order. */
    static List<Map<String, Object>> rows(String sql) {
        try (Connection db = connect();
                Statement statement = db.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(result.getMetaData().getColumnLabel(i), result.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("could not query " + name() + ": " + sql, e);
        }
    }

    private static String base() {
        return "jdbc:postgresql://" + env("DISTRIBUTOR_DB_HOST", "127.0.0.1") + ":"
                + env("DISTRIBUTOR_DB_PORT", "5432") + "/";
    }

    private static Connection connect() throws SQLException {
        return connect(base(), env("DISTRIBUTOR_DB_USER", "distributor"),
                env("DISTRIBUTOR_DB_PASSWORD", "distributor"));
    }

    private static Connection connect(String base, String user, String password) throws SQLException {
        try {
            return DriverManager.getConnection(base + name(), user, password);
        } catch (SQLException missing) {
            TestInfrastructure.ensureDatabase(name());
            return DriverManager.getConnection(base + name(), user, password);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
