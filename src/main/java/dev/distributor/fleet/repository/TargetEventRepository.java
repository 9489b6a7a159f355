package dev.distributor.fleet.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.distributor.common.db.Columns;
import dev.distributor.fleet.domain.NewTargetEvent;
import dev.distributor.fleet.domain.TargetEvent;
import dev.distributor.fleet.domain.TargetEventType;
import dev.distributor.fleet.domain.TargetFacts;

/**
 * The fleet's event journal ({@code target_event}, V6): appending in the caller's transaction, and reading for the
 * replica's event hub on the reactive {@link Pool} (woken by notifications outside any request or session).
 */
@ApplicationScoped
public class TargetEventRepository {

    /** The channel every committed batch notifies (from V20's trigger), with the batch's newest seq as payload. */
    public static final String CHANNEL = "target_event";

    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper json;

    public TargetEventRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /**
     * Writes the events in one statement, each with its target's attributes as the transaction sees them now. They get
     * their seq, in the order given, and one NOTIFY for the batch inside COMMIT (V20's deferred trigger), so the
     * journal's counter lock is held only while the transaction commits. Events of unknown targets are dropped, so
     * numbers never skip.
     */
    public Uni<Void> append(Mutiny.Session session, List<NewTargetEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map<String, Object>> batch = new ArrayList<>(events.size());
        events.forEach(e -> batch.add(Map.of("instanceId", e.instanceId(), "type", e.type().name(),
                "details", e.details())));
        // The events go as one JSON text: cast to text first, or the driver would bind the string as a jsonb string.
        // Identity ids follow the batch's order (ordinality), and the trigger numbers by id.
        return session.createNativeQuery("""
                insert into target_event (type, instance_id, target, details)
                select x.value ->> 'type', t.instance_id,
                       jsonb_build_object('name', t.name, 'platform', t.platform,
                                          'platformVersion', t.platform_version, 'arch', t.arch,
                                          'account', t.account, 'region', t.region, 'tags', t.tags,
                                          'online', t.online_announced,
                                          'installed', (select coalesce(jsonb_object_agg(ip.package_name, ip.version),
                                                                        cast('{}' as jsonb))
                                                        from installed_package ip
                                                        where ip.instance_id = t.instance_id),
                                          'broken', (select coalesce(jsonb_agg(ip.package_name), cast('[]' as jsonb))
                                                     from installed_package ip
                                                     where ip.instance_id = t.instance_id
                                                       and ip.status = 'BROKEN')),
                       x.value -> 'details'
                from jsonb_array_elements(cast(cast(:events as text) as jsonb)) with ordinality as x(value, ord)
                join target t on t.instance_id = x.value ->> 'instanceId'
                order by x.ord
                """)
                .setParameter("events", write(batch))
                .executeUpdate()
                .replaceWithVoid();
    }

    /** The lowest seq still stored (data retention removes the oldest), or empty when none is. */
    public Uni<Optional<Long>> oldestSeq(Mutiny.Session session) {
        return session.createNativeQuery("select min(seq) from target_event", Long.class)
                .getSingleResultOrNull()
                .map(Optional::ofNullable);
    }

    /** The newest committed event's seq (0 before the first). */
    public Uni<Long> newestSeq(Mutiny.Session session) {
        return session.createNativeQuery("select seq from target_event_counter", Long.class).getSingleResult();
    }

    /** Events with a seq above {@code afterSeq}, oldest first, at most {@code limit}; one statement on the pool. */
    public Uni<List<TargetEvent>> after(long afterSeq, int limit) {
        return pool.preparedQuery("""
                select seq, at, type, instance_id, cast(target as text) as target, cast(details as text) as details
                from target_event where seq > $1 order by seq limit $2
                """)
                .execute(Tuple.of(afterSeq, limit))
                .map(rows -> {
                    List<TargetEvent> events = new ArrayList<>(rows.size());
                    rows.forEach(row -> events.add(toEvent(row)));
                    return events;
                });
    }

    private TargetEvent toEvent(Row row) {
        Map<String, Object> target = read(row.getString("target"));
        return new TargetEvent(row.getLong("seq"), Columns.time(row.getOffsetDateTime("at")),
                TargetEventType.valueOf(row.getString("type")), row.getString("instance_id"),
                new TargetFacts((String) target.get("name"), (String) target.get("platform"),
                        (String) target.get("platformVersion"), (String) target.get("arch"),
                        (String) target.get("account"), (String) target.get("region"),
                        strings(target.get("tags")), Boolean.TRUE.equals(target.get("online")),
                        strings(target.get("installed")), names(target.get("broken"))),
                read(row.getString("details")));
    }

    private static Set<String> names(Object value) {
        Set<String> names = new LinkedHashSet<>();
        if (value instanceof List<?> list) {
            list.forEach(name -> names.add(String.valueOf(name)));
        }
        return names;
    }

    private static Map<String, String> strings(Object value) {
        Map<String, String> map = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> map.put(String.valueOf(k), String.valueOf(v)));
        }
        return map;
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("target_event columns are always JSON objects", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("fleet event details are plain maps", e);
        }
    }
}
