package dev.distributor.testing;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Seeds targets straight into the database for tests of the fleet's read side, where how a target registered does not
 * matter. Registration itself is tested through the agent API.
 */
public final class Fleet {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Fleet() {
    }

    public record Seed(String platform, String platformVersion, String arch, String account, String region,
            String tagsJson, OffsetDateTime lastSeen) {
    }

    public static String newInstanceId() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return "mi-" + HexFormat.of().formatHex(bytes).substring(0, 17);
    }

    public static String seed(Seed seed) {
        return seedAll(seed, 1).get(0);
    }

    /** {@code count} targets alike but for their ids, committed together (one connection); their instance ids. */
    public static List<String> seedAll(Seed seed, int count) {
        List<String> ids = new ArrayList<>(count);
        try (var db = TestDatabase.connect(); var insert = db.prepareStatement("""
                insert into target (instance_id, name, driver, platform, platform_version, arch, account, region,
                                    tags, agent_version, last_seen)
                values (?, ?, 'AGENT', ?, ?, ?, ?, ?, cast(? as jsonb), 'test', ?)
                """)) {
            db.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                String id = newInstanceId();
                insert.setString(1, id);
                insert.setString(2, "host-" + id);
                insert.setString(3, seed.platform());
                insert.setString(4, seed.platformVersion());
                insert.setString(5, seed.arch());
                insert.setString(6, seed.account());
                insert.setString(7, seed.region());
                insert.setString(8, seed.tagsJson());
                insert.setObject(9, seed.lastSeen());
                insert.addBatch();
                ids.add(id);
            }
            insert.executeBatch();
            db.commit();
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("could not seed targets", e);
        }
    }

    public static void installed(String instanceId, Map<String, String> packages) {
        try (var db = TestDatabase.connect();
                var insert = db.prepareStatement(
                        "insert into installed_package (instance_id, package_name, version) values (?, ?, ?)")) {
            for (var p : packages.entrySet()) {
                insert.setString(1, instanceId);
                insert.setString(2, p.getKey());
                insert.setString(3, p.getValue());
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not seed installed packages", e);
        }
    }
}
