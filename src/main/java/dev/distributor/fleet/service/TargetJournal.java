package dev.distributor.fleet.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.live.EventFeeds;
import dev.distributor.fleet.domain.NewTargetEvent;
import dev.distributor.fleet.repository.TargetEventRepository;

/**
 * Records fleet events (docs/FLEET-EVENTS.md) in the transaction of the change they describe, so an event exists if
 * and only if its change committed. Call it after the change's writes, so the events carry the target as changed; they
 * are numbered inside COMMIT (V20), where the journal's counter lock serialises fleet changes only while they commit.
 */
@ApplicationScoped
public class TargetJournal {

    private final TargetEventRepository events;
    private final Counter published;

    public TargetJournal(TargetEventRepository events, MeterRegistry registry) {
        this.events = events;
        this.published = EventFeeds.publishedCounter(registry, "fleet");
    }

    /**
     * Writes the events, numbered in the order given, each with its target's attributes as the session sees them after
     * flushing its pending entity changes; one NOTIFY for the batch. Nothing for an empty list.
     */
    public Uni<Void> record(Mutiny.Session session, List<NewTargetEvent> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.flush().chain(() -> events.append(session, batch))
                .invoke(() -> published.increment(batch.size()));
    }
}
