package dev.distributor.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the audit trail straight from its table with JDBC, since no GraphQL query exposes it yet. Connection settings
 * come from the running application's configuration, so tests read the database the service writes.
 */
public final class AuditEvents {

    /** One audit row, as far as a test compares them. */
    public record Audited(String action, String resource, String actor) {
    }

    private AuditEvents() {
    }

    /** Rows about the package or any of its versions, oldest first. */
    public static List<Audited> forPackage(String packageName) {
        String resource = "package/" + packageName;
        try (Connection db = connect();
                var query = db.prepareStatement("""
                        select action, resource, actor from audit_event
                        where resource = ? or starts_with(resource, ?)
                        order by id
                        """)) {
            query.setString(1, resource);
            query.setString(2, resource + "/");
            var rows = new ArrayList<Audited>();
            try (var result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new Audited(result.getString(1), result.getString(2), result.getString(3)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read audit_event", e);
        }
    }

    /** The details of the latest row about exactly this resource, as JSON text; null when there is none. */
    public static String latestDetails(String resource) {
        try (Connection db = connect();
                var query = db.prepareStatement(
                        "select details::text from audit_event where resource = ? order by id desc limit 1")) {
            query.setString(1, resource);
            try (var result = query.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read audit_event", e);
        }
    }

    private static Connection connect() throws SQLException {
        return TestDatabase.connect();
    }

    /** Runs {@code change} and returns the audit rows about the package it added. */
    public static List<Audited> writtenBy(String packageName, Runnable change) {
        int before = forPackage(packageName).size();
        change.run();
        List<Audited> after = forPackage(packageName);
        return after.subList(before, after.size());
    }
}
