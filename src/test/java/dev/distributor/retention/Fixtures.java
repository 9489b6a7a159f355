package dev.distributor.retention;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.distributor.testing.TestDatabase;

/**
 * Rows written straight to the test database with chosen ages ({@code interval} text such as "31 days", relative to
 * the database's now()), for the retention job to find due or not, and reads of what it left.
 */
final class Fixtures {

    private Fixtures() {
    }

    /** A deployment with one run in {@code state}, finished {@code finishedAgo} ago (null: not finished). */
    static UUID rollout(String state, String finishedAgo, int events) throws SQLException {
        UUID deployment = UUID.randomUUID();
        UUID rollout = UUID.randomUUID();
        try (Connection db = TestDatabase.connect()) {
            update(db, """
                    insert into deployment (id, package_name, version_spec, action, install_type, selector, waves,
                        max_concurrency, max_errors, wave_success_percent, command_timeout_secs,
                        delivery_timeout_secs, on_failure, created_by)
                    values (?, 'retention-test', '1.0.0', 'INSTALL', 'REINSTALL', '{}', '100%', '100%', '0', 100,
                        60, 60, 'STOP', 'test')
                    """, deployment);
            update(db, """
                    insert into rollout (id, deployment_id, run_number, state, created_by, finished_at, event_seq)
                    values (?, ?, 1, ?, 'test', now() - cast(? as interval), ?)
                    """, rollout, deployment, state, finishedAgo, (long) events);
            for (int seq = 1; seq <= events; seq++) {
                update(db, "insert into rollout_event (rollout_id, seq, at, type) values (?, ?, now(), 'TEST')",
                        rollout, (long) seq);
            }
        }
        return rollout;
    }

    static UUID invocation(UUID rollout, String status, String output, String finishedAgo) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection db = TestDatabase.connect()) {
            update(db, """
                    insert into invocation (id, rollout_id, instance_id, package_name, driver, wave, position, status,
                        output, finished_at)
                    values (?, ?, ?, 'retention-test', 'agent', 1, 1, ?, ?, now() - cast(? as interval))
                    """, id, rollout, "i-" + id, status, output, finishedAgo);
        }
        return id;
    }

    /** A not yet dispatched invocation of a paused run whose uninstall step will fetch {@code previousSha256}. */
    static void pendingInvocationFetching(String previousSha256) throws SQLException {
        UUID rollout = rollout("PAUSED", null, 0);
        UUID id = UUID.randomUUID();
        try (Connection db = TestDatabase.connect()) {
            update(db, """
                    insert into invocation (id, rollout_id, instance_id, package_name, driver, wave, position, status,
                        previous_file_sha256)
                    values (?, ?, ?, 'retention-test', 'agent', 1, 1, 'PENDING', ?)
                    """, id, rollout, "i-" + id, previousSha256);
        }
    }

    static String output(UUID invocation) throws SQLException {
        return single("select output from invocation where id = ?", invocation);
    }

    static String status(UUID invocation) throws SQLException {
        return single("select status from invocation where id = ?", invocation);
    }

    static long eventCount(UUID rollout) throws SQLException {
        return Long.parseLong(single("select count(*) from rollout_event where rollout_id = ?", rollout));
    }

    /** One fleet event numbered from the counter row as V20's trigger does, written now; its seq. */
    static long fleetEvent() throws SQLException {
        return Long.parseLong(single("""
                with n as (update target_event_counter set seq = seq + 1 returning seq)
                insert into target_event (seq, type, instance_id, target)
                select seq, 'TAGS_CHANGED', 'i-retention-test', '{}'::jsonb from n
                returning seq
                """));
    }

    static boolean fleetEventExists(long seq) throws SQLException {
        return single("select 1 from target_event where seq = ?", seq) != null;
    }

    static void auditRow(String resource, String age) throws SQLException {
        try (Connection db = TestDatabase.connect()) {
            update(db, """
                    insert into audit_event (at, actor, action, resource, details)
                    values (now() - cast(? as interval), 'retention-test', 'test.aged', ?, cast(? as jsonb))
                    """, age, resource, "{\"age\": \"" + age + "\"}");
        }
    }

    /** The ages of the audit rows left for {@code resource}, oldest first. */
    static List<String> auditAges(String resource) throws SQLException {
        List<String> ages = new ArrayList<>();
        try (Connection db = TestDatabase.connect();
                var query = db.prepareStatement(
                        "select details ->> 'age' from audit_event where resource = ? order by at")) {
            query.setString(1, resource);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ages.add(rows.getString(1));
                }
            }
        }
        return ages;
    }

    static void deleteAudit(String resource) throws SQLException {
        try (Connection db = TestDatabase.connect()) {
            update(db, "delete from audit_event where resource = ?", resource);
        }
    }

    /** The newest retention run's audit row: actor and details. */
    static String lastRetentionAudit() throws SQLException {
        return single("""
                select actor || ' ' || cast(details as text) from audit_event
                where action = 'retention.run' order by id desc limit 1
                """);
    }

    static boolean artifactExists(String sha256) throws SQLException {
        return single("select 1 from artifact where sha256 = ?", sha256) != null;
    }

    static boolean artifactMarked(String sha256) throws SQLException {
        return single("select 1 from artifact where sha256 = ? and unreferenced_since is not null", sha256) != null;
    }

    static void markUnreferenced(String sha256, String ago) throws SQLException {
        try (Connection db = TestDatabase.connect()) {
            update(db, "update artifact set unreferenced_since = now() - cast(? as interval) where sha256 = ?", ago,
                    sha256);
        }
    }

    /** Takes the session-level advisory lock on {@code db}, as another replica's batch holds it. */
    static void advisoryLock(Connection db, long key) throws SQLException {
        try (var lock = db.prepareStatement("select pg_advisory_lock(?)")) {
            lock.setLong(1, key);
            lock.execute();
        }
    }

    /**
     * Releases the lock before its connection closes: the server frees a closed session's locks only when its backend
     * has ended, a moment after close() returns, so the test's next run could still find it held.
     */
    static void advisoryUnlock(Connection db, long key) throws SQLException {
        try (var unlock = db.prepareStatement("select pg_advisory_unlock(?)")) {
            unlock.setLong(1, key);
            unlock.execute();
        }
    }

    private static void update(Connection db, String sql, Object... args) throws SQLException {
        try (var statement = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        }
    }

    private static String single(String sql, Object... args) throws SQLException {
        try (Connection db = TestDatabase.connect(); var statement = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
