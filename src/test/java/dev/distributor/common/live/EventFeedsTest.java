package dev.distributor.common.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.mutiny.core.Vertx;

/** The fan-out under live subscriptions, over an in-memory event log standing in for a table. */
class EventFeedsTest {

    /** Events of key "k" are their sequence numbers; the log only grows, as committed events do. */
    private final List<Long> log = new CopyOnWriteArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger failuresToCome = new AtomicInteger();
    private final Vertx vertx = Vertx.vertx();
    private final EventFeeds<String, Long> feeds = new EventFeeds<>(this::read, seq -> seq, vertx);

    @AfterEach
    void closeVertx() {
        vertx.closeAndAwait();
    }

    private Uni<List<Long>> read(String key, long afterSeq, int limit) {
        reads.incrementAndGet();
        if (failuresToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Uni.createFrom().failure(new IllegalStateException("connection reset"));
        }
        List<Long> page = new ArrayList<>();
        for (long seq : log) {
            if (seq > afterSeq && page.size() < limit) {
                page.add(seq);
            }
        }
        return Uni.createFrom().item(page);
    }

    private void append(long upTo) {
        for (long seq = log.size() + 1; seq <= upTo; seq++) {
            log.add(seq);
        }
    }

    private static List<Long> range(long fromInclusive, long toInclusive) {
        return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
    }

    @Test
    void aSubscriber_getsTheEventsAfterItsPoint_thenEachNewOneOnAHint_inOrder() {
        append(5);
        AssertSubscriber<Long> subscriber = feeds.follow("k", 2, e -> true, e -> false)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        subscriber.awaitItems(3);
        append(9);
        feeds.changed("k");
        subscriber.awaitItems(7);
        assertThat(subscriber.getItems()).containsExactlyElementsOf(range(3, 9));
        subscriber.cancel();
        assertThat(feeds.followers()).isZero();
    }

    @Test
    void subscribersAtDifferentPoints_shareReads_andEachGetsExactlyItsOwnRest() {
        append(10);
        AssertSubscriber<Long> early = feeds.follow("k", 0, e -> true, e -> false)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        early.awaitItems(10);
        AssertSubscriber<Long> late = feeds.follow("k", 7, e -> true, e -> false)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        late.awaitItems(3);
        append(12);
        int readsBefore = reads.get();
        feeds.changed("k");
        early.awaitItems(12);
        late.awaitItems(5);
        assertThat(early.getItems()).containsExactlyElementsOf(range(1, 12));
        assertThat(late.getItems()).containsExactlyElementsOf(range(8, 12));
        // One hint, one read for both (a second only when events arrived during the first).
        assertThat(reads.get() - readsBefore).isBetween(1, 2);
    }

    @Test
    void aBacklogLongerThanAPage_isReadPageAfterPage_withoutAGap() {
        append(EventFeeds.PAGE * 2 + 7);
        AssertSubscriber<Long> subscriber = feeds.follow("k", 0, e -> true, e -> false)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        subscriber.awaitItems(EventFeeds.PAGE * 2 + 7);
        assertThat(subscriber.getItems()).containsExactlyElementsOf(range(1, EventFeeds.PAGE * 2 + 7));
    }

    @Test
    void filteredOutEvents_advanceTheSubscriber_andTheLastOneCompletesIt() {
        append(20);
        AssertSubscriber<Long> evens = feeds.follow("k", 0, e -> e % 2 == 0, e -> e == 12)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        evens.awaitCompletion();
        assertThat(evens.getItems()).containsExactly(2L, 4L, 6L, 8L, 10L, 12L);
        await().atMost(Duration.ofSeconds(5)).until(() -> feeds.followers() == 0);
    }

    @Test
    void aFailedRead_isRetried_andNothingIsLost() {
        append(4);
        failuresToCome.set(1);
        AssertSubscriber<Long> subscriber = feeds.follow("k", 0, e -> true, e -> false)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        subscriber.awaitItems(4, Duration.ofSeconds(5));
        assertThat(subscriber.getItems()).containsExactlyElementsOf(range(1, 4));
    }

    @Test
    void hintsForKeysNobodyFollowsHere_readNothing() {
        append(3);
        feeds.changed("other");
        feeds.changedAll();
        assertThat(reads.get()).isZero();
    }
}
