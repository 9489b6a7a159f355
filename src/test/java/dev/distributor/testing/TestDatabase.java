package dev.distributor.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A JDBC connection to the database the running service uses, for fixtures and for reading what it wrote.
 * <p>
 * Every test class of a run shares this one database, and it is kept from run to run (Flyway does not clean it), so
 * each class must pass alone, after any other class and in any order. The rule:
 * <ul>
 * <li>Make what you read unique: package names from {@link Catalog#uniqueName}/{@link Catalog#createPackage}, hosts
 * tagged {@code fleet=<your package>} or seeded in an account of your own ({@link Fleet}), zip bytes that carry your
 * package name ({@link Catalog#linuxZip}, {@code Zips.linuxPackage(pkg)}), idempotency keys that contain it.</li>
 * <li>Read only what you made: filter lists and counts on your names, tags, accounts or ids; never assert on all
 * targets, packages, rollouts, deployments, commands or audit rows, nor on "the first" of them.</li>
 * <li>Where a class genuinely needs part of the world empty (the engine's fairness counts every rollout it drives),
 * reset exactly that part in a {@code @BeforeEach} with a comment saying why, e.g.
 * {@link #deleteRolloutsTheEngineWouldDrive()}.</li>
 * </ul>
 * To check classes in another order, pass
 * {@code -Djunit.quarkus.orderer.secondary-orderer=org.junit.jupiter.api.ClassOrderer$Random} (with
 * {@code -Djunit.jupiter.execution.order.random.seed=N}): Quarkus orders test classes itself, so surefire's
 * {@code runOrder} changes nothing.
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    /** Whether some session of the test database waits for a lock now (asked on {@code observer}). */
    public static boolean someoneWaitsOnALock(Connection observer) throws SQLException {
        try (var waiting = observer.createStatement().executeQuery("""
                select count(*) from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'
                """)) {
            waiting.next();
            return waiting.getLong(1) > 0;
        }
    }

    /**
     * Deletes every rollout the engine would drive (RUNNING, or with an invocation still out on a host), with its
     * invocations and events: runs other classes or earlier runs left behind, which would otherwise share each tick's
     * batch with the caller's rollouts. Returns how many were deleted.
     */
    public static int deleteRolloutsTheEngineWouldDrive() {
        try (Connection db = connect(); var delete = db.prepareStatement("""
                delete from rollout r
                where r.state = 'RUNNING'
                   or (r.state <> 'PLANNED' and exists (select 1 from invocation i where i.rollout_id = r.id
                                                          and i.status in ('QUEUED', 'IN_PROGRESS')))
                """)) {
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete the rollouts left running", e);
        }
    }
}
