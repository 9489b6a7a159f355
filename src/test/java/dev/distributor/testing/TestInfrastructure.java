package dev.distributor.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real parts every test runs against: the local PostgreSQL (its test database is created when missing) and an
 * S3Proxy on a random loopback port with a filesystem store in a temporary folder, reached through the production S3
 * client. Started once per test run.
 */
public class TestInfrastructure implements QuarkusTestResourceLifecycleManager {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";

    private static volatile URI s3Uri;

    private S3ProxyJunitCore s3;

    /**
     * The S3Proxy's address while it runs (credentials {@link #ACCESS_KEY}/{@link #SECRET_KEY}, path-style), for test
     * code outside the application that needs the same S3, e.g. the local SSM endpoint checking Package attachments.
     */
    public static Optional<URI> s3Uri() {
        return Optional.ofNullable(s3Uri);
    }

    @Override
    public Map<String, String> start() {
        ensureDatabase(env("DISTRIBUTOR_TEST_DB_NAME", "distributor_test"));
        s3 = new S3ProxyJunitCore.Builder()
                .withCredentials(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .withBlobStoreProvider("filesystem")
                .build();
        try {
            s3.beforeEach();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        s3Uri = s3.getUri();
        return Map.of(
                "quarkus.s3.endpoint-override", s3.getUri().toString(),
                "quarkus.s3.aws.credentials.static-provider.access-key-id", ACCESS_KEY,
                "quarkus.s3.aws.credentials.static-provider.secret-access-key", SECRET_KEY);
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3Uri = null;
            s3.afterEach();
        }
    }

    /**
     * Creates the role and the database {@code database} on the service's PostgreSQL server when absent: here the one
     * the %test profile uses, and {@code PackagedServiceIT}'s. `./bin/test` does the same with psql; doing it here too
     * lets a single test class run from an IDE.
     *
     * @throws IllegalStateException when the database can be neither reached nor created
     */
    public static void ensureDatabase(String database) {
        String host = env("DISTRIBUTOR_DB_HOST", "127.0.0.1");
        String port = env("DISTRIBUTOR_DB_PORT", "5432");
        String user = env("DISTRIBUTOR_DB_USER", "distributor");
        String password = env("DISTRIBUTOR_DB_PASSWORD", "distributor");
        String base = "jdbc:postgresql://" + host + ":" + port + "/";
        try (Connection ignored = DriverManager.getConnection(base + database, user, password)) {
            return;
        } catch (SQLException notReady) {
            // Fall through: try to create it as the superuser, which trust auth allows on a developer machine.
        }
        try (Connection admin = DriverManager.getConnection(base + "postgres", "postgres", "")) {
            var statement = admin.createStatement();
            var role = statement.executeQuery("select 1 from pg_roles where rolname = '" + user + "'");
            if (!role.next()) {
                statement.execute("create role \"" + user + "\" login createdb password '" + password + "'");
            }
            var db = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'");
            if (!db.next()) {
                statement.execute("create database \"" + database + "\" owner \"" + user + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " has no database '" + database
                    + "' for user '" + user + "' and it could not be created; run ./bin/test, which prepares it.", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
