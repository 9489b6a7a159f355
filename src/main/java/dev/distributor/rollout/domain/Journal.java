package dev.distributor.rollout.domain;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hibernate.reactive.mutiny.Mutiny;

import io.micrometer.core.instrument.Metrics;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.live.EventFeeds;

/**
 * The events of one transaction on one rollout, numbered from the rollout's counter (its row lock is held) and written
 * with one NOTIFY for the whole batch (DESIGN.md §6): the notification is only a hint to read rows after a sequence.
 */
public final class Journal {

    public static final String CHANNEL = "rollout_event";

    private final RolloutEntity rollout;
    private final OffsetDateTime at;
    private final List<RolloutEventEntity> events = new ArrayList<>();

    public Journal(RolloutEntity rollout, OffsetDateTime at) {
        this.rollout = rollout;
        this.at = at;
    }

    public void rollout(String type, Map<String, Object> details) {
        add(type, null, details);
    }

    /** Records an invocation's new status (the event type is {@code INVOCATION}). */
    public void invocation(InvocationEntity invocation, Map<String, Object> details) {
        add("INVOCATION", invocation, details);
    }

    public boolean isEmpty() {
        return events.isEmpty();
    }

    public Uni<Void> write(Mutiny.Session session) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.persistAll(events.toArray())
                .chain(session::flush)
                .chain(() -> session.createNativeQuery("select cast(pg_notify(:channel, :payload) as text)")
                        .setParameter("channel", CHANNEL)
                        .setParameter("payload", rollout.id + ":" + rollout.eventSeq)
                        .getSingleResult())
                // A plain object made in many places, so it counts through Micrometer's global registry, which
                // Quarkus binds to its own (docs/OBSERVABILITY.md, distributor_events_published_total).
                .invoke(() -> EventFeeds.publishedCounter(Metrics.globalRegistry, "rollout").increment(events.size()))
                .replaceWithVoid();
    }

    private void add(String type, InvocationEntity invocation, Map<String, Object> details) {
        RolloutEventEntity event = new RolloutEventEntity();
        event.rolloutId = rollout.id;
        event.seq = ++rollout.eventSeq;
        event.at = at;
        event.type = type;
        event.details = new LinkedHashMap<>(details);
        if (invocation != null) {
            event.invocationId = invocation.id;
            event.instanceId = invocation.instanceId;
            event.status = invocation.status.name();
            event.previousStatus = invocation.previousStatus == null ? null : invocation.previousStatus.name();
            event.wave = invocation.wave;
            if (invocation.statusReason != null) {
                event.details.putIfAbsent("reason", invocation.statusReason);
            }
        } else {
            event.status = rollout.state.name();
        }
        events.add(event);
    }
}
