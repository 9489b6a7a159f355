package dev.distributor.fleet.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.domain.NewTargetEvent;
import dev.distributor.fleet.repository.TargetEventRepository;

/**
 * Records fleet events (docs/FLEET-EVENTS.md) in the transaction of the change they describe, so an event exists if
 * and only if its change committed. Call it as the transaction's last write: it takes the journal's counter lock,
 * which serialises every fleet change from there to commit.
 */
@ApplicationScoped
public class TargetJournal {

    private final TargetEventRepository events;

    public TargetJournal(TargetEventRepository events) {
        this.events = events;
    }

    /**
     * Writes the events, numbered in the order given, each with its target's attributes as the session sees them after
     * flushing its pending entity changes; one NOTIFY for the batch. Nothing for an empty list.
     */
    public Uni<Void> record(Mutiny.Session session, List<NewTargetEvent> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.flush().chain(() -> events.append(session, batch));
    }
}
