package dev.distributor.ssm.inventory.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.distributor.ssm.inventory.InventoryPlan.InstanceWrite;
import dev.distributor.ssm.inventory.InventoryPlan.TargetWrite;
import dev.distributor.ssm.inventory.InventoryState;
import dev.distributor.ssm.inventory.SyncedInstance;

/**
 * The inventory sync's SQL: {@code ssm_instance} (V15) and the SSM rows of {@code target}. Every method runs in the
 * caller's session and transaction. Batches travel as one JSON text ({@code jsonb_to_recordset}), so a fleet of any
 * size is one statement with three parameters, never one bind parameter per instance (PostgreSQL allows 65,535).
 */
@ApplicationScoped
public class SsmInventoryRepository {

    /** The transaction-scoped advisory lock one replica's sync holds while it writes. */
    static final String SYNC_LOCK = "ssm-inventory-sync";

    private static final TypeReference<LinkedHashMap<String, String>> STRINGS = new TypeReference<>() {
    };

    private final ObjectMapper json;

    public SsmInventoryRepository(ObjectMapper json) {
        this.json = json;
    }

    /** The database's now() and the newest observation any sync wrote (null before the first). */
    public record Observations(OffsetDateTime now, OffsetDateTime newest) {
    }

    public Uni<Observations> observations(Mutiny.Session session) {
        return session.createNativeQuery("select now() as now, max(synced_at) as newest from ssm_instance",
                Tuple.class)
                .getSingleResult()
                .map(row -> new Observations(row.get("now", OffsetDateTime.class),
                        row.get("newest", OffsetDateTime.class)));
    }

    /**
     * Takes the sync's lock until the transaction ends, without waiting: false when another replica's sync holds it
     * (PostgreSQL {@code pg_try_advisory_xact_lock}).
     */
    public Uni<Boolean> tryLock(Mutiny.Session session) {
        return session.createNativeQuery("select pg_try_advisory_xact_lock(hashtext(:key)) as locked", Boolean.class)
                .setParameter("key", SYNC_LOCK)
                .getSingleResult();
    }

    /** Whether a sync wrote an observation of SSM made after {@code observedAt}. */
    public Uni<Boolean> newerObservationWritten(Mutiny.Session session, OffsetDateTime observedAt) {
        return session.createNativeQuery(
                "select exists (select 1 from ssm_instance where synced_at > :at) as newer", Boolean.class)
                .setParameter("at", observedAt)
                .getSingleResult();
    }

    /**
     * The state of every target with one of these ids (any driver) and of every instance the sync saw present
     * before, their target rows locked ({@code for update}, in instance id order) until the transaction ends, so a
     * concurrent change of one of them waits for the sync instead of being overwritten.
     */
    public Uni<Map<String, InventoryState>> lockCurrent(Mutiny.Session session, Collection<String> listedIds) {
        return session.createNativeQuery("""
                select t.instance_id, t.driver, cast(t.tags as text) as tags, t.arch,
                       t.deregistered_at is not null as deregistered, s.instance_id is not null as known,
                       cast(coalesce(s.synced_tags, cast('{}' as jsonb)) as text) as synced_tags,
                       s.gone_at is not null as gone
                from target t left join ssm_instance s on s.instance_id = t.instance_id
                where t.instance_id in (select jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)))
                   or (s.instance_id is not null and s.gone_at is null)
                order by t.instance_id
                for update of t
                """, Tuple.class)
                .setParameter("ids", write(listedIds))
                .getResultList()
                .map(rows -> {
                    Map<String, InventoryState> states = new LinkedHashMap<>();
                    for (Tuple row : rows) {
                        String id = row.get("instance_id", String.class);
                        states.put(id, new InventoryState(id, row.get("driver", String.class),
                                strings(row.get("tags", String.class)), row.get("arch", String.class),
                                row.get("deregistered", Boolean.class), row.get("known", Boolean.class),
                                strings(row.get("synced_tags", String.class)), row.get("gone", Boolean.class)));
                    }
                    return states;
                });
    }

    /**
     * Inserts new SSM targets: seen now when SSM lists them Online (so they start online, and announced so, as a
     * registering agent does), else last seen at their last ping. An id that exists by now is left alone.
     */
    public Uni<Void> insertTargets(Mutiny.Session session, List<TargetWrite> targets) {
        if (targets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("""
                insert into target (instance_id, name, driver, platform, platform_version, arch, account, region,
                                    tags, agent_version, last_seen, online_announced)
                select r.instance_id, r.name, 'SSM', r.platform, r.platform_version, r.arch, r.account, r.region,
                       r.tags, r.agent_version, case when r.online then now() else r.last_ping_at end, r.online
                from jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                     as r(instance_id text, name text, platform text, platform_version text, arch text,
                          account text, region text, tags jsonb, agent_version text, online boolean,
                          last_ping_at timestamptz)
                on conflict (instance_id) do nothing
                """)
                .setParameter("rows", write(rows(targets)))
                .executeUpdate()
                .replaceWithVoid();
    }

    /**
     * Refreshes SSM targets' facts and tags and brings back deregistered ones ({@code deregistered_at} cleared);
     * {@code last_seen} moves to now for those SSM lists Online and stays for the others. AGENT rows are never
     * changed.
     */
    public Uni<Void> updateTargets(Mutiny.Session session, List<TargetWrite> targets) {
        if (targets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("""
                update target t
                set name = r.name, platform = r.platform, platform_version = r.platform_version, arch = r.arch,
                    account = r.account, region = r.region, tags = r.tags, agent_version = r.agent_version,
                    last_seen = case when r.online then greatest(t.last_seen, now()) else t.last_seen end,
                    deregistered_at = null
                from jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                     as r(instance_id text, name text, platform text, platform_version text, arch text,
                          account text, region text, tags jsonb, agent_version text, online boolean)
                where t.instance_id = r.instance_id and t.driver = 'SSM'
                """)
                .setParameter("rows", write(rows(targets)))
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Writes what SSM said of each listed instance as observed at {@code observedAt}, clearing any gone mark. */
    public Uni<Void> upsertInstances(Mutiny.Session session, List<InstanceWrite> instances,
            OffsetDateTime observedAt) {
        if (instances.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> rows = new ArrayList<>(instances.size());
        for (InstanceWrite write : instances) {
            var o = write.observed();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("instance_id", o.instanceId());
            row.put("ping_status", o.pingStatus() == null ? "Unknown" : o.pingStatus());
            row.put("last_ping_at", o.lastPingAt() == null ? null : o.lastPingAt().toString());
            row.put("platform_type", o.platformType());
            row.put("platform_name", o.platformName());
            row.put("resource_type", o.resourceType());
            row.put("computer_name", o.computerName());
            row.put("ip_address", o.ipAddress());
            row.put("agent_version", o.agentVersion());
            row.put("synced_tags", write.syncedTags());
            rows.add(row);
        }
        return session.createNativeQuery("""
                insert into ssm_instance (instance_id, ping_status, last_ping_at, platform_type, platform_name,
                                          resource_type, computer_name, ip_address, agent_version, synced_tags,
                                          synced_at, gone_at)
                select r.instance_id, r.ping_status, r.last_ping_at, r.platform_type, r.platform_name,
                       r.resource_type, r.computer_name, r.ip_address, r.agent_version, r.synced_tags, :at, null
                from jsonb_to_recordset(cast(cast(:rows as text) as jsonb))
                     as r(instance_id text, ping_status text, last_ping_at timestamptz, platform_type text,
                          platform_name text, resource_type text, computer_name text, ip_address text,
                          agent_version text, synced_tags jsonb)
                where exists (select 1 from target t where t.instance_id = r.instance_id and t.driver = 'SSM')
                on conflict (instance_id) do update
                set ping_status = excluded.ping_status, last_ping_at = excluded.last_ping_at,
                    platform_type = excluded.platform_type, platform_name = excluded.platform_name,
                    resource_type = excluded.resource_type, computer_name = excluded.computer_name,
                    ip_address = excluded.ip_address, agent_version = excluded.agent_version,
                    synced_tags = excluded.synced_tags, synced_at = excluded.synced_at, gone_at = null
                """)
                .setParameter("rows", write(rows))
                .setParameter("at", observedAt)
                .executeUpdate()
                .replaceWithVoid();
    }

    /**
     * Marks instances SSM no longer lists as gone (as of {@code observedAt}) and deregisters the SSM targets among
     * {@code deregister}; rows stay, with their history.
     */
    public Uni<Void> markGone(Mutiny.Session session, List<String> gone, List<String> deregister,
            OffsetDateTime observedAt) {
        if (gone.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Integer> marked = session.createNativeQuery("""
                update ssm_instance set gone_at = now(), synced_at = :at
                where gone_at is null
                  and instance_id in (select jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)))
                """)
                .setParameter("ids", write(gone))
                .setParameter("at", observedAt)
                .executeUpdate();
        if (deregister.isEmpty()) {
            return marked.replaceWithVoid();
        }
        return marked.chain(() -> session.createNativeQuery("""
                update target set deregistered_at = now()
                where driver = 'SSM' and deregistered_at is null
                  and instance_id in (select jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)))
                """)
                .setParameter("ids", write(deregister))
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The rows of these instance ids that exist, gone ones included. */
    public Uni<List<SyncedInstance>> find(Mutiny.Session session, Collection<String> instanceIds) {
        return session.createNativeQuery("""
                select instance_id, ping_status, last_ping_at, platform_type, platform_name, resource_type,
                       computer_name, ip_address, agent_version, synced_at, gone_at
                from ssm_instance
                where instance_id in (select jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)))
                """, Tuple.class)
                .setParameter("ids", write(instanceIds))
                .getResultList()
                .map(rows -> rows.stream()
                        .map(row -> new SyncedInstance(row.get("instance_id", String.class),
                                row.get("ping_status", String.class), row.get("last_ping_at", OffsetDateTime.class),
                                row.get("platform_type", String.class), row.get("platform_name", String.class),
                                row.get("resource_type", String.class), row.get("computer_name", String.class),
                                row.get("ip_address", String.class), row.get("agent_version", String.class),
                                row.get("synced_at", OffsetDateTime.class), row.get("gone_at", OffsetDateTime.class)))
                        .toList());
    }

    private static List<Map<String, Object>> rows(List<TargetWrite> targets) {
        List<Map<String, Object>> rows = new ArrayList<>(targets.size());
        for (TargetWrite t : targets) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("instance_id", t.instanceId());
            row.put("name", t.name());
            row.put("platform", t.platform());
            row.put("platform_version", t.platformVersion());
            row.put("arch", t.arch());
            row.put("account", t.account());
            row.put("region", t.region());
            row.put("tags", t.tags());
            row.put("agent_version", t.agentVersion());
            row.put("online", t.online());
            row.put("last_ping_at", t.lastPingAt() == null ? null : t.lastPingAt().toString());
            rows.add(row);
        }
        return rows;
    }

    private Map<String, String> strings(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tags columns are always JSON objects of strings", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("inventory rows are plain maps and lists", e);
        }
    }
}
