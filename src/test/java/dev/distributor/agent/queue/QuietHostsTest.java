package dev.distributor.agent.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When a poll may be answered "nothing" without a query: the rules of {@link QuietHosts}, on a hand-driven clock. */
class QuietHostsTest {

    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicLong nanos = new AtomicLong();
    private final QuietHosts quiet = new QuietHosts(open::get, nanos::get);

    @BeforeEach
    void listening() {
        quiet.relistened();
    }

    @Test
    void aCheckThatFoundNothingOpen_makesTheHostQuiet_untilANotificationNamesIt() {
        quiet.begin().end(List.of("i-1", "i-2"));

        assertThat(quiet.isQuiet("i-1")).isTrue();
        assertThat(quiet.isQuiet("i-3")).as("never checked").isFalse();

        quiet.sent(List.of("i-1"));

        assertThat(quiet.isQuiet("i-1")).isFalse();
        assertThat(quiet.isQuiet("i-2")).isTrue();
    }

    @Test
    void aHostANotificationNamedWhileTheCheckRan_isNotBelievedQuiet() {
        // The check's snapshot may predate the command the notification announces.
        QuietHosts.Check check = quiet.begin();
        quiet.sent(List.of("i-1"));
        check.end(List.of("i-1", "i-2"));

        assertThat(quiet.isQuiet("i-1")).isFalse();
        assertThat(quiet.isQuiet("i-2")).isTrue();
    }

    @Test
    void aNotificationBeforeTheCheckBegan_doesNotKeepItsHostOut() {
        quiet.sent(List.of("i-1"));
        quiet.begin().end(List.of("i-1"));

        assertThat(quiet.isQuiet("i-1")).isTrue();
    }

    @Test
    void beforeTheFirstListen_nothingIsBelievedQuiet() {
        QuietHosts fresh = new QuietHosts(open::get, nanos::get);

        fresh.begin().end(List.of("i-1"));

        assertThat(fresh.isQuiet("i-1")).isFalse();
    }

    @Test
    void whileTheListenConnectionIsDown_nothingIsQuiet_andARelistenForgetsWhatWasBelieved() {
        quiet.begin().end(List.of("i-1", "i-2"));
        open.set(false);

        assertThat(quiet.isQuiet("i-1")).isFalse();
        quiet.begin().end(List.of("i-3"));
        open.set(true);
        assertThat(quiet.isQuiet("i-3")).as("checked while notifications were lost").isFalse();

        QuietHosts.Check before = quiet.begin();
        quiet.relistened();
        before.end(List.of("i-4"));

        assertThat(quiet.isQuiet("i-2")).isFalse();
        assertThat(quiet.isQuiet("i-4")).as("a check that ran across the reconnection").isFalse();
        assertThat(quiet.size()).isZero();
    }

    @Test
    void aHostIsBelievedQuietForMaxAgeAtMost() {
        quiet.begin().end(List.of("i-1"));

        nanos.addAndGet(QuietHosts.MAX_AGE.toNanos());
        assertThat(quiet.isQuiet("i-1")).isTrue();
        nanos.incrementAndGet();
        assertThat(quiet.isQuiet("i-1")).isFalse();
    }

    @Test
    void aFailedCheck_teachesNothing_andNoLongerCollectsNotifications() {
        QuietHosts.Check failed = quiet.begin();
        failed.abandon();
        quiet.sent(List.of("i-1"));

        assertThat(quiet.isQuiet("i-1")).isFalse();
        assertThat(quiet.size()).isZero();
    }
}
