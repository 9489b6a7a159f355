package dev.distributor.ssm.driver;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.testing.Catalog;
import dev.distributor.testing.StoredArtifacts;
import dev.distributor.testing.TestDatabase;
import dev.distributor.testing.Zips;

/**
 * Rows the SSM driver tests start from and read, by SQL: SSM targets (the inventory sync that writes them is another
 * feature's) and the driver's own {@code ssm_command} rows.
 */
final class SsmDriverFixture {

    private SsmDriverFixture() {
    }

    /** An SSM target row for an instance of the local endpoint. */
    static void seedTarget(String instanceId, String platform) {
        try (var db = TestDatabase.connect(); var insert = db.prepareStatement("""
                insert into target (instance_id, name, driver, platform, platform_version, arch, account, region)
                values (?, ?, 'SSM', ?, '22.04', 'x86_64', '123456789012', 'us-east-1')
                """)) {
            insert.setString(1, instanceId);
            insert.setString(2, "ssm-" + instanceId);
            insert.setString(3, platform);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A package whose install.sh prints {@code installing <marker>}. */
    static byte[] echoingZip(String marker) {
        return Zips.linuxPackage(marker).bytes();
    }

    /** An install of {@code zip} (placed in the artifact store) on the instance, with a new command id. */
    static IssuedCommand install(String instanceId, byte[] zip) {
        return install(instanceId, zip, Map.of());
    }

    /** The same, with arguments (each exported to the scripts). */
    static IssuedCommand install(String instanceId, byte[] zip, Map<String, String> arguments) {
        String sha = StoredArtifacts.place(zip);
        return new IssuedCommand(UUID.randomUUID(), new CommandSpec(instanceId, "INSTALL", "REINSTALL",
                Catalog.uniqueName("ssmdrv"), "1.0.0", sha, (long) zip.length, null, null, arguments, 60, false, 600,
                540));
    }

    /** What the outbox row says: its state and SSM's command id. */
    record Row(String state, String ssmCommandId, String ssmStatus, int sendAttempts) {
    }

    static Optional<Row> row(UUID id) {
        try (var db = TestDatabase.connect();
                var select = db.prepareStatement(
                        "select state, ssm_command_id, ssm_status, send_attempts from ssm_command where id = ?")) {
            select.setObject(1, id);
            var rows = select.executeQuery();
            return rows.next()
                    ? Optional.of(new Row(rows.getString(1), rows.getString(2), rows.getString(3), rows.getInt(4)))
                    : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A row a sender claimed {@code ago} and never finished (it crashed after its SendCommand went out): SENDING, one
     * attempt, its lease long over.
     */
    static void insertSending(IssuedCommand command, String specJson, Duration ago) {
        try (var db = TestDatabase.connect(); var insert = db.prepareStatement("""
                insert into ssm_command (id, instance_id, spec, state, send_attempts, send_started_at, created_at)
                values (?, ?, cast(? as jsonb), 'SENDING', 1, now() - make_interval(secs => ?),
                        now() - make_interval(secs => ?))
                """)) {
            insert.setObject(1, command.commandId());
            insert.setString(2, command.spec().instanceId());
            insert.setString(3, specJson);
            insert.setDouble(4, ago.toSeconds());
            insert.setDouble(5, ago.toSeconds() + 1);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one statement with the given parameters; returns the rows it changed. */
    static int update(String sql, Object... parameters) {
        try (var db = TestDatabase.connect(); var statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the row waits for the poller's CancelCommand (its target was deregistered after the send). */
    static boolean cancelRequested(UUID id) {
        try (var db = TestDatabase.connect();
                var select = db.prepareStatement(
                        "select cancel_requested_at is not null from ssm_command where id = ?")) {
            select.setObject(1, id);
            var rows = select.executeQuery();
            return rows.next() && rows.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the inventory sync recorded the instance ({@code ssm_instance}). */
    static boolean knownToTheSync(String instanceId) {
        try (var db = TestDatabase.connect();
                var select = db.prepareStatement(
                        "select 1 from ssm_instance where instance_id = ?")) {
            select.setString(1, instanceId);
            return select.executeQuery().next();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
