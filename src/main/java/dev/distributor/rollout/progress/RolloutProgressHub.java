package dev.distributor.rollout.progress;

import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.Vertx;

import dev.distributor.common.db.Notifications;
import dev.distributor.common.live.EventFeeds;
import dev.distributor.rollout.domain.Journal;
import dev.distributor.rollout.domain.RolloutEventEntity;
import dev.distributor.rollout.repository.RolloutEventRepository;

/**
 * Feeds every subscriber of a rollout on this replica from one reader ({@link EventFeeds}), woken by the
 * {@link Journal#CHANNEL} notification ({@code <rollout id>:<newest seq>}) that each committed batch of events sends,
 * and for every followed rollout after the LISTEN connection comes back.
 */
@ApplicationScoped
public class RolloutProgressHub {

    private static final Logger LOG = Logger.getLogger(RolloutProgressHub.class);

    private final EventFeeds<UUID, RolloutEventEntity> feeds;
    private final Notifications notifications;

    public RolloutProgressHub(RolloutEventRepository events, Notifications notifications, Vertx vertx,
            MeterRegistry registry) {
        this.feeds = new EventFeeds<>(events::after, event -> event.seq, vertx);
        this.notifications = notifications;
        EventFeeds.registerSubscriberGauge(registry, "rollout", feeds);
    }

    void listen(@Observes StartupEvent start) {
        notifications.listen(Journal.CHANNEL, this::notified, feeds::changedAll);
    }

    /**
     * The rollout's events after {@code afterSeq}, in order, each once, in the batches they were read in, as they
     * commit on any replica; completes after the batch holding the first event {@code last} accepts.
     */
    public Multi<List<RolloutEventEntity>> follow(UUID rolloutId, long afterSeq,
            Predicate<RolloutEventEntity> last) {
        return feeds.followBatches(rolloutId, afterSeq, event -> true, last);
    }

    /** Subscribers on this replica, for tests and metrics. */
    public int subscribers() {
        return feeds.followers();
    }

    private void notified(String payload) {
        int colon = payload.indexOf(':');
        try {
            feeds.changed(UUID.fromString(colon < 0 ? payload : payload.substring(0, colon)));
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring a malformed %s notification: %s", Journal.CHANNEL, payload);
        }
    }
}
