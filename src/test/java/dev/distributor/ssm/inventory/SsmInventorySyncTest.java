package dev.distributor.ssm.inventory;

import static dev.distributor.testing.GraphQL.vars;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

import dev.distributor.ssm.client.SsmFailure;
import dev.distributor.ssm.inventory.SyncResult.Outcome;
import dev.distributor.ssm.local.LocalSsmEndpoint;
import dev.distributor.ssm.local.LocalSsmEndpointResource;
import dev.distributor.ssm.local.SsmProfile;
import dev.distributor.testing.Fleet;
import dev.distributor.testing.GraphQL;
import dev.distributor.testing.TestDatabase;

/**
 * The inventory sync against the local SSM endpoint: what SSM lists becomes SSM targets, through the real SDK, paging,
 * throttling and refusals. The scheduler syncs too (every second in {@link SsmProfile}); tests call
 * {@link SsmInventorySync#syncNow()} until one of their own syncs wrote, so each assertion follows a sync that read SSM
 * after the test's change.
 */
@QuarkusTest
@TestProfile(SsmProfile.class)
class SsmInventorySyncTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final String TARGETS = """
            query($ids: [String!]) {
              targets(filter: {instanceIds: $ids}, first: 500) {
                totalCount
                edges { node {
                  instanceId name driver platform platformVersion arch account region agentVersion online lastSeen
                  tags { key value }
                  ssm { pingStatus lastPingAt platformType platformName resourceType computerName ipAddress
                        agentVersion syncedAt goneAt }
                } }
              }
            }
            """;

    private static final String TARGET = """
            query($id: String!) {
              target(instanceId: $id) {
                instanceId name driver platform tags { key value } ssm { pingStatus goneAt }
              }
            }
            """;

    @Inject
    SsmInventorySync sync;

    private final LocalSsmEndpoint ssm = LocalSsmEndpointResource.endpoint();

    @AfterEach
    void clearFaults() {
        ssm.faults().clear();
    }

    /** Syncs until one of this test's syncs wrote (a scheduled one may be writing at the same moment). */
    private SyncResult synced() {
        AtomicReference<SyncResult> result = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            result.set(sync.syncNow().await().atMost(PATIENCE));
            return result.get().outcome() == Outcome.SYNCED;
        });
        return result.get();
    }

    private static JsonPath target(String instanceId) {
        return GraphQL.ok(TARGET, vars("id", instanceId)).setRootPath("data.target");
    }

    private static Map<String, String> tags(JsonPath target) {
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        List<Map<String, String>> list = target.getList("tags");
        list.forEach(tag -> tags.put(tag.get("key"), tag.get("value")));
        return tags;
    }

    @Test
    void givenManyInstancesAcrossPages_whenSynced_thenEachIsAnOnlineSsmTargetWithItsFactsTagsAccountAndRegion() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String id = LocalSsmEndpoint.newManagedInstanceId();
            ids.add(id);
            var instance = ssm.addInstance(id).computerName("host-" + i).tags(Map.of("fleet", "many", "n", "" + i));
            if (i % 3 == 1) {
                instance.platform("Linux", "Amazon Linux", "2023").tags(Map.of("fleet", "many", "n", "" + i,
                        "distributor:arch", "aarch64"));
            } else if (i % 3 == 2) {
                instance.platform("Linux", "Red Hat Enterprise Linux", "9.4");
            }
        }
        int pagesBefore = ssm.calls("DescribeInstanceInformation");

        SyncResult result = synced();

        // 120 of this test alone need three pages of 50 in one sync.
        assertThat(ssm.calls("DescribeInstanceInformation") - pagesBefore).isGreaterThanOrEqualTo(3);
        assertThat(result.listed()).isGreaterThanOrEqualTo(120);
        JsonPath targets = GraphQL.ok(TARGETS, vars("ids", ids)).setRootPath("data.targets");
        assertThat(targets.getInt("totalCount")).isEqualTo(120);
        // Plain maps: a JsonPath expression per field of 120 nodes would take a minute (each is compiled).
        Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
        List<Map<String, Object>> nodes = targets.getList("edges.node");
        nodes.forEach(node -> byId.put((String) node.get("instanceId"), node));
        for (int i = 0; i < 120; i++) {
            Map<String, Object> node = byId.get(ids.get(i));
            @SuppressWarnings("unchecked")
            Map<String, Object> ssmFields = (Map<String, Object>) node.get("ssm");
            assertThat(node).containsEntry("driver", "SSM")
                    .containsEntry("name", "host-" + i)
                    .containsEntry("account", "123456789012")
                    .containsEntry("region", "us-east-1")
                    .containsEntry("agentVersion", "3.3.987.0")
                    .as("an Online instance shows online").containsEntry("online", true);
            assertThat(node.get("tags")).asList()
                    .contains(Map.of("key", "fleet", "value", "many"), Map.of("key", "n", "value", "" + i));
            assertThat(ssmFields).containsEntry("pingStatus", "Online")
                    .containsEntry("resourceType", "ManagedInstance")
                    .containsEntry("computerName", "host-" + i)
                    .containsEntry("goneAt", null)
                    .containsKeys("ipAddress", "syncedAt", "lastPingAt");
            switch (i % 3) {
                case 0 -> assertThat(node).containsEntry("platform", "ubuntu").containsEntry("platformVersion", "22.04")
                        .containsEntry("arch", "x86_64");
                case 1 -> assertThat(node).containsEntry("platform", "amazon").containsEntry("platformVersion", "2023")
                        .containsEntry("arch", "arm64");
                default -> assertThat(node).containsEntry("platform", "redhat")
                        .containsEntry("platformVersion", "9.4");
            }
            assertThat(ssmFields.get("ipAddress")).isNotNull();
            assertThat(ssmFields.get("syncedAt")).isNotNull();
        }
    }

    @Test
    void givenASyncedInstance_whenSsmStopsListingIt_thenItsTargetIsDeregisteredNotDeleted_andReturnsWhenListedAgain()
            throws SQLException {
        String id = LocalSsmEndpoint.newManagedInstanceId();
        ssm.addInstance(id).tags(Map.of("env", "prod"));
        synced();
        assertThat(target(id).getString("driver")).isEqualTo("SSM");

        ssm.removeInstance(id);
        assertThat(synced().gone()).isGreaterThanOrEqualTo(1);

        assertThat(target(id).getString("instanceId")).as("a gone instance is no target of the fleet").isNull();
        try (var db = TestDatabase.connect(); var row = db.prepareStatement("""
                select t.deregistered_at, s.gone_at from target t join ssm_instance s using (instance_id)
                where t.instance_id = ?
                """)) {
            row.setString(1, id);
            var rows = row.executeQuery();
            assertThat(rows.next()).as("the rows stay").isTrue();
            assertThat(rows.getObject("deregistered_at", OffsetDateTime.class)).isNotNull();
            assertThat(rows.getObject("gone_at", OffsetDateTime.class)).isNotNull();
        }

        ssm.addInstance(id).tags(Map.of("env", "prod"));
        synced();

        JsonPath back = target(id);
        assertThat(back.getString("driver")).isEqualTo("SSM");
        assertThat(back.getString("ssm.pingStatus")).isEqualTo("Online");
        assertThat(back.getString("ssm.goneAt")).isNull();
        assertThat(tags(back)).containsEntry("env", "prod");
        assertThat(events(id)).containsExactly("TARGET_REGISTERED", "TARGET_DEREGISTERED", "TARGET_REGISTERED");
    }

    @Test
    void givenAnOperatorTag_whenSsmRemovesOneOfItsTags_thenTheOperatorsStaysAndSsmsLeaves() {
        String id = LocalSsmEndpoint.newManagedInstanceId();
        var instance = ssm.addInstance(id).tags(Map.of("env", "prod", "team", "web"));
        synced();
        GraphQL.ok("""
                mutation($ids: [String!]!) { tagTargets(instanceIds: $ids, tags: [{key: "owner", value: "ops"}]) {
                  instanceId } }
                """, vars("ids", List.of(id)));

        instance.tags(Map.of("env", "staging"));
        synced();

        assertThat(tags(target(id))).containsExactlyInAnyOrderEntriesOf(Map.of("owner", "ops", "env", "staging"));
    }

    @Test
    void givenAnAgentTargetWithTheSameId_whenSsmListsIt_thenTheAgentTargetIsUntouched() throws SQLException {
        String id = Fleet.seed(new Fleet.Seed("debian", "12", "arm64", "agent-account", "eu-west-1",
                "{\"role\":\"db\"}", OffsetDateTime.now()));
        ssm.addInstance(id).tags(Map.of("role", "web"));

        assertThat(synced().skippedAgentTargets()).isGreaterThanOrEqualTo(1);

        JsonPath agent = target(id);
        assertThat(agent.getString("driver")).isEqualTo("AGENT");
        assertThat(agent.getString("name")).isEqualTo("host-" + id);
        assertThat(agent.getString("platform")).isEqualTo("debian");
        assertThat(tags(agent)).containsExactlyEntriesOf(Map.of("role", "db"));
        assertThat(agent.getString("ssm")).isNull();
        try (var db = TestDatabase.connect();
                var row = db.prepareStatement("select count(*) from ssm_instance where instance_id = ?")) {
            row.setString(1, id);
            var rows = row.executeQuery();
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void givenThrottledListings_thenTheSyncStillSyncs() {
        ssm.faults().throttle("DescribeInstanceInformation", 0.5).throttle("ListTagsForResource", 0.3);
        String id = LocalSsmEndpoint.newManagedInstanceId();
        ssm.addInstance(id).tags(Map.of("env", "prod"));

        SyncResult result = synced();

        assertThat(result.tagsUnread()).isZero();
        assertThat(target(id).getString("driver")).isEqualTo("SSM");
        assertThat(tags(target(id))).containsEntry("env", "prod");
    }

    @Test
    void givenAccessDenied_thenTargetsStayAsTheyWere_andTheFailureIsLogged() {
        String id = LocalSsmEndpoint.newManagedInstanceId();
        var instance = ssm.addInstance(id).tags(Map.of("env", "prod"));
        synced();
        CapturedLog log = new CapturedLog();
        Logger.getLogger(SsmInventorySync.class.getName()).addHandler(log);
        try {
            ssm.faults().denyAccess("DescribeInstanceInformation");
            instance.tags(Map.of("env", "changed"));
            ssm.removeInstance(id);

            assertThatThrownBy(() -> sync.syncNow().await().atMost(PATIENCE))
                    .isInstanceOfSatisfying(SsmFailure.class,
                            failure -> assertThat(failure.errorCode()).isEqualTo("AccessDeniedException"));

            JsonPath still = target(id);
            assertThat(still.getString("driver")).isEqualTo("SSM");
            assertThat(still.getString("ssm.goneAt")).isNull();
            assertThat(tags(still)).containsExactlyEntriesOf(Map.of("env", "prod"));
            assertThat(log.lines).anySatisfy(line -> assertThat(line)
                    .contains("SSM inventory sync failed; targets left as they were")
                    .contains("AccessDeniedException"));
        } finally {
            Logger.getLogger(SsmInventorySync.class.getName()).removeHandler(log);
        }
    }

    @Test
    void givenAnotherReplicaWritingItsSync_thenThisOneWritesNothing() throws SQLException {
        String id = LocalSsmEndpoint.newManagedInstanceId();
        ssm.addInstance(id);
        try (var otherReplica = TestDatabase.connect()) {
            otherReplica.setAutoCommit(false);
            try (var lock = otherReplica.prepareStatement(
                    "select pg_advisory_xact_lock(hashtext('ssm-inventory-sync'))")) {
                lock.execute();
            }

            assertThat(sync.syncNow().await().atMost(PATIENCE).outcome()).isEqualTo(Outcome.BUSY);
            assertThat(target(id).getString("instanceId")).isNull();

            otherReplica.rollback();
        }
        synced();
        assertThat(target(id).getString("driver")).isEqualTo("SSM");
    }

    @Test
    void givenASyncThatReadSsmLaterAlreadyWrote_thenThisOnesOlderViewIsDropped() throws SQLException {
        String id = LocalSsmEndpoint.newManagedInstanceId();
        ssm.addInstance(id).tags(Map.of("env", "prod"));
        synced();
        try {
            setSyncedAt(id, "now() + interval '1 hour'");
            ssm.instance(id).orElseThrow().tags(Map.of("env", "changed"));

            assertThat(sync.syncNow().await().atMost(PATIENCE).outcome()).isEqualTo(Outcome.SUPERSEDED);
            assertThat(tags(target(id))).containsExactlyEntriesOf(Map.of("env", "prod"));
        } finally {
            setSyncedAt(id, "now()");
        }
    }

    private static void setSyncedAt(String instanceId, String sql) throws SQLException {
        try (var db = TestDatabase.connect();
                var update = db.prepareStatement("update ssm_instance set synced_at = " + sql
                        + " where instance_id = ?")) {
            update.setString(1, instanceId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static List<String> events(String instanceId) throws SQLException {
        try (var db = TestDatabase.connect();
                var query = db.prepareStatement("select type from target_event where instance_id = ? order by seq")) {
            query.setString(1, instanceId);
            var rows = query.executeQuery();
            List<String> types = new ArrayList<>();
            while (rows.next()) {
                types.add(rows.getString(1));
            }
            return types;
        }
    }

    /** Log lines of the sync while a test runs. */
    static final class CapturedLog extends Handler {
        final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
