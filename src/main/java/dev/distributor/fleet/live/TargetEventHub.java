package dev.distributor.fleet.live;

import java.util.List;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.Vertx;

import dev.distributor.common.db.Notifications;
import dev.distributor.common.live.EventFeeds;
import dev.distributor.fleet.domain.TargetEvent;
import dev.distributor.fleet.repository.TargetEventRepository;

/**
 * Feeds every targetEvents subscriber on this replica from one reader ({@link EventFeeds} with the single key
 * {@value #FLEET}), woken by the {@link TargetEventRepository#CHANNEL} notification each committed batch of fleet
 * events sends, and again after the LISTEN connection comes back.
 */
@ApplicationScoped
public class TargetEventHub {

    /** The fleet has one event stream; its key in {@link EventFeeds}. */
    static final String FLEET = "fleet";

    private final EventFeeds<String, TargetEvent> feeds;
    private final Notifications notifications;

    public TargetEventHub(TargetEventRepository events, Notifications notifications, Vertx vertx,
            MeterRegistry registry) {
        this.feeds = new EventFeeds<>((key, afterSeq, limit) -> events.after(afterSeq, limit), TargetEvent::seq,
                vertx);
        this.notifications = notifications;
        EventFeeds.registerSubscriberGauge(registry, "fleet", feeds);
    }

    void listen(@Observes StartupEvent start) {
        // The payload (the batch's newest seq) is only a hint: the reader reads whatever follows its subscribers.
        notifications.listen(TargetEventRepository.CHANNEL, payload -> feeds.changed(FLEET), feeds::changedAll);
    }

    /**
     * The fleet's events after {@code afterSeq} that {@code wanted} accepts, in order, each once, in the batches they
     * were read in; never completes.
     */
    public Multi<List<TargetEvent>> follow(long afterSeq, Predicate<TargetEvent> wanted) {
        return feeds.followBatches(FLEET, afterSeq, wanted, event -> false);
    }

    /** Subscribers on this replica, for tests and metrics. */
    public int subscribers() {
        return feeds.followers();
    }
}
