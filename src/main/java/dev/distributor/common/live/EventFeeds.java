package dev.distributor.common.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;

/**
 * Live subscribers of sequenced event streams on this replica (DESIGN.md §6), one stream per key (a rollout's events,
 * the fleet's). Every subscriber of a key is fed by one reader: when told the key {@link #changed} (a NOTIFY, a
 * subscriber joining, the LISTEN connection coming back), it reads the events after the lowest sequence number any of
 * the key's subscribers has had, and each subscriber takes, in order, exactly the events after its own. No subscriber
 * holds a database connection or polls.
 *
 * <p>
 * The events of a key must commit in sequence order (numbered under a lock held to commit), so a read sees a prefix of
 * the final sequence and no subscriber ever sees a gap or an event twice. A failed read is retried after
 * {@value #RETRY_MILLIS} ms.
 *
 * @param <K> the key of one stream
 * @param <E> an event; {@code seqOf} gives its sequence number within its key
 */
public final class EventFeeds<K, E> {

    /** Reads a key's events with a sequence number above {@code afterSeq}, oldest first, at most {@code limit}. */
    @FunctionalInterface
    public interface Reader<K, E> {
        Uni<List<E>> after(K key, long afterSeq, int limit);
    }

    /** Events read per statement; a longer backlog is read page after page. */
    public static final int PAGE = 500;

    public static final long RETRY_MILLIS = 1_000;

    /**
     * Items (batches) a subscriber may have waiting before its stream fails (it can resume with afterSeq). Only a
     * subscriber that consumes slower than events arrive fills it: SmallRye GraphQL requests the next item as soon as
     * it handed a message to the WebSocket, so a slow network client backs up in Vert.x's write queue instead.
     */
    public static final int SUBSCRIBER_BUFFER = 10_000;

    private static final Logger LOG = Logger.getLogger(EventFeeds.class);

    private final Map<K, Feed> feeds = new ConcurrentHashMap<>();
    private final Reader<K, E> reader;
    private final ToLongFunction<E> seqOf;
    private final Vertx vertx;

    public EventFeeds(Reader<K, E> reader, ToLongFunction<E> seqOf, Vertx vertx) {
        this.reader = reader;
        this.seqOf = seqOf;
        this.vertx = vertx;
    }

    /**
     * The key's events after {@code afterSeq} that {@code wanted} accepts, in order, each once, as they commit on any
     * replica; completes after the first event {@code last} accepts. Fails if the subscriber falls
     * {@value #SUBSCRIBER_BUFFER} batches behind.
     */
    public Multi<E> follow(K key, long afterSeq, Predicate<E> wanted, Predicate<E> last) {
        return followBatches(key, afterSeq, wanted, last).onItem().<E>disjoint();
    }

    /**
     * As {@link #follow}, the events in the batches they were read in (never empty): a subscriber that turns each item
     * into a message (a GraphQL execution, a WebSocket frame) pays once per batch, not once per event, when many
     * events commit at once.
     */
    public Multi<List<E>> followBatches(K key, long afterSeq, Predicate<E> wanted, Predicate<E> last) {
        return Multi.createFrom().<List<E>>emitter(emitter -> {
            // The subscriber's own context (its WebSocket's event loop): what it does with each event (GraphQL
            // execution, serialisation) runs there, spread over the event loops, not on the thread that read.
            Context caller = io.vertx.core.Vertx.currentContext();
            Context context = caller != null ? caller : vertx.getDelegate().getOrCreateContext();
            Follower follower = new Follower(emitter, context, afterSeq, wanted, last);
            // Joining and leaving happen inside compute, so a follower is always on the feed the map holds.
            Feed feed = feeds.compute(key, (k, current) -> {
                Feed joined = current == null ? new Feed(k) : current;
                joined.followers.add(follower);
                return joined;
            });
            emitter.onTermination(() -> feeds.computeIfPresent(key, (k, current) -> {
                current.followers.remove(follower);
                return current.followers.isEmpty() ? null : current;
            }));
            read(feed);
        }).onOverflow().buffer(SUBSCRIBER_BUFFER);
    }

    /** A hint that the key has new events: read them if anyone here follows it. */
    public void changed(K key) {
        Feed feed = feeds.get(key);
        if (feed != null) {
            read(feed);
        }
    }

    /** Every followed key may have new events (notifications were lost while the LISTEN connection was down). */
    public void changedAll() {
        feeds.values().forEach(this::read);
    }

    /**
     * Registers {@code distributor_live_subscribers{stream}} (docs/OBSERVABILITY.md): the feeds' subscribers on this
     * replica, counted at each scrape (no database).
     */
    public static void registerSubscriberGauge(MeterRegistry registry, String stream, EventFeeds<?, ?> feeds) {
        Gauge.builder("distributor.live.subscribers", feeds, EventFeeds::followers)
                .description("Live subscribers (GraphQL subscriptions) on this replica")
                .tag("stream", stream)
                .register(registry);
    }

    /**
     * {@code distributor_events_published_total{stream}} (docs/OBSERVABILITY.md): events written to the stream's journal
     * on this replica, counted in the writing transaction (one that then rolls back was counted all the same).
     */
    public static Counter publishedCounter(MeterRegistry registry, String stream) {
        return Counter.builder("distributor.events.published")
                .description("Events written to a live stream's journal on this replica")
                .tag("stream", stream)
                .register(registry);
    }

    /** Subscribers on this replica, for tests and metrics. */
    public int followers() {
        return feeds.values().stream().mapToInt(feed -> feed.followers.size()).sum();
    }

    /** Reads now, or once more right after the read under way (which may have started before the change). */
    private void read(Feed feed) {
        synchronized (feed) {
            if (feed.reading) {
                feed.again = true;
                return;
            }
            feed.reading = true;
            feed.again = false;
        }
        OptionalLong from = feed.lowestDelivered();
        if (from.isEmpty()) {
            done(feed, false);
            return;
        }
        reader.after(feed.key, from.getAsLong(), PAGE).subscribe().with(
                page -> {
                    feed.followers.forEach(follower -> follower.offer(page));
                    done(feed, page.size() == PAGE);
                },
                failure -> {
                    LOG.warnf(failure, "Reading the events of %s failed; retrying", feed.key);
                    done(feed, false);
                    vertx.setTimer(RETRY_MILLIS, id -> read(feed));
                });
    }

    private void done(Feed feed, boolean more) {
        boolean again;
        synchronized (feed) {
            again = more || feed.again;
            feed.reading = false;
        }
        if (again) {
            read(feed);
        }
    }

    /** The subscribers of one key on this replica; reads for them run one at a time. */
    private final class Feed {
        final K key;
        final List<Follower> followers = new CopyOnWriteArrayList<>();
        boolean reading;
        boolean again;

        Feed(K key) {
            this.key = key;
        }

        OptionalLong lowestDelivered() {
            return followers.stream().filter(f -> !f.ended).mapToLong(f -> f.delivered).min();
        }
    }

    /** One subscriber: the sequence number of the last event it has passed (given or filtered out), and its end. */
    private final class Follower {
        final MultiEmitter<? super List<E>> emitter;
        final Context context;
        final Predicate<E> wanted;
        final Predicate<E> last;
        volatile long delivered;
        volatile boolean ended;

        Follower(MultiEmitter<? super List<E>> emitter, Context context, long afterSeq, Predicate<E> wanted,
                Predicate<E> last) {
            this.emitter = emitter;
            this.context = context;
            this.delivered = afterSeq;
            this.wanted = wanted;
            this.last = last;
        }

        /**
         * Takes the events of {@code page} that follow its last one (reads are serial per feed, so this is too) and
         * hands them to the subscriber on its context as one batch, in order (a context runs its tasks in order).
         */
        void offer(List<E> page) {
            List<E> taken = new ArrayList<>();
            boolean complete = false;
            for (E event : page) {
                if (ended || emitter.isCancelled()) {
                    break;
                }
                long seq = seqOf.applyAsLong(event);
                if (seq != delivered + 1) {
                    continue;
                }
                delivered = seq;
                if (wanted.test(event)) {
                    taken.add(event);
                }
                if (last.test(event)) {
                    ended = true;
                    complete = true;
                }
            }
            if (taken.isEmpty() && !complete) {
                return;
            }
            boolean completes = complete;
            context.runOnContext(ignored -> {
                if (!taken.isEmpty()) {
                    emitter.emit(taken);
                }
                if (completes) {
                    emitter.complete();
                }
            });
        }
    }
}
