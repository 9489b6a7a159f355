package dev.distributor.rollout.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.distributor.common.db.Columns;
import dev.distributor.rollout.domain.RolloutEventEntity;

/**
 * Reads of the event table for live progress, one statement each on the reactive {@link Pool}: the reader is the
 * replica's event hub, woken by notifications outside any request or session, and one read serves every subscriber of
 * a rollout on the replica.
 */
@ApplicationScoped
public class RolloutEventRepository {

    private static final TypeReference<LinkedHashMap<String, Object>> DETAILS = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper json;

    public RolloutEventRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /**
     * The rollout's events with a sequence number above {@code afterSeq}, oldest first, at most {@code limit}. Events of
     * one rollout commit in sequence order (they are numbered under its row lock), so what this returns never has a
     * gap that a later read would fill.
     */
    public Uni<List<RolloutEventEntity>> after(UUID rolloutId, long afterSeq, int limit) {
        return pool.preparedQuery("""
                select rollout_id, seq, at, type, invocation_id, instance_id, status, previous_status, wave,
                       details::text as details
                from rollout_event where rollout_id = $1 and seq > $2 order by seq limit $3
                """)
                .execute(Tuple.of(rolloutId, afterSeq, limit))
                .map(rows -> {
                    List<RolloutEventEntity> events = new ArrayList<>(rows.size());
                    rows.forEach(row -> events.add(toEvent(row)));
                    return events;
                });
    }

    private RolloutEventEntity toEvent(Row row) {
        RolloutEventEntity event = new RolloutEventEntity();
        event.rolloutId = row.getUUID("rollout_id");
        event.seq = row.getLong("seq");
        event.at = Columns.time(row.getOffsetDateTime("at"));
        event.type = row.getString("type");
        event.invocationId = row.getUUID("invocation_id");
        event.instanceId = row.getString("instance_id");
        event.status = row.getString("status");
        event.previousStatus = row.getString("previous_status");
        event.wave = row.getInteger("wave");
        event.details = details(row.getString("details"));
        return event;
    }

    private Map<String, Object> details(String text) {
        try {
            return json.readValue(text, DETAILS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rollout_event.details is always a JSON object", e);
        }
    }
}
