package dev.distributor.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.live.ResumePoint;
import dev.distributor.retention.RetentionPolicy.Stamped;

/** What the retention job finds due, decided without a database; and how a resume meets removed events. */
class RetentionPolicyTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void givenAnAge_thenDataOlderThanNowMinusTheAgeIsDue() {
        assertThat(RetentionPolicy.cutoff(NOW, Duration.ofDays(30))).contains(NOW.minusDays(30));
    }

    @Test
    void givenAnAgeOfZero_thenThatKindIsKeptForever() {
        assertThat(RetentionPolicy.cutoff(NOW, Duration.ZERO)).isEmpty();
    }

    @Test
    void givenANegativeAge_thenItIsRefused() {
        assertThatThrownBy(() -> RetentionPolicy.cutoff(NOW, Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenEventsAllOlderThanTheCutoff_thenTheWholePageIsDue() {
        var events = List.of(at(5, 40), at(6, 39), at(7, 31));

        assertThat(RetentionPolicy.lastDueOfPrefix(events, NOW.minusDays(30))).hasValue(7);
    }

    @Test
    void givenAYoungerEventBeforeOlderOnes_thenOnlyThePrefixBeforeItIsDue() {
        // Stamped at its transaction's start, numbered at its write: a long transaction's event can be older than
        // the one before it. Removing 9 but not 8 would leave a gap a resuming subscriber never gets past.
        var events = List.of(at(7, 40), at(8, 10), at(9, 40));

        assertThat(RetentionPolicy.lastDueOfPrefix(events, NOW.minusDays(30))).hasValue(7);
    }

    @Test
    void givenTheOldestEventIsNotDue_thenNothingIs() {
        assertThat(RetentionPolicy.lastDueOfPrefix(List.of(at(1, 29), at(2, 40)), NOW.minusDays(30))).isEmpty();
        assertThat(RetentionPolicy.lastDueOfPrefix(List.of(), NOW.minusDays(30))).isEmpty();
    }

    @Test
    void givenAnEventExactlyAtTheCutoff_thenItIsKept() {
        assertThat(RetentionPolicy.lastDueOfPrefix(List.of(at(1, 30)), NOW.minusDays(30))).isEmpty();
    }

    @Test
    void givenAFullBatch_thenAnotherFollows_andAShortOneEndsTheKind() {
        assertThat(RetentionPolicy.more(1000, 1000)).isTrue();
        assertThat(RetentionPolicy.more(999, 1000)).isFalse();
        assertThat(RetentionPolicy.more(0, 1000)).isFalse();
    }

    @Test
    void givenEventsAfterTheResumePointWereRemoved_whenResuming_thenInvalidInputNamesTheOldestKept() {
        assertThatThrownBy(() -> ResumePoint.after(10L, 50, 20, "the newest event"))
                .isInstanceOfSatisfying(DistributorException.class, e -> assertThat(e.getMessage())
                        .contains("removed by data retention"));
    }

    @Test
    void givenTheResumePointJustBeforeTheOldestKept_whenResuming_thenTheStreamContinues() {
        assertThat(ResumePoint.after(19L, 50, 20, "the newest event")).isEqualTo(19);
        assertThat(ResumePoint.after(null, 50, 20, "the newest event")).isEqualTo(50);
    }

    @Test
    void givenEveryEventRemoved_whenResumingAtTheNewest_thenNothingIsMissing_butEarlierIsRefused() {
        assertThat(ResumePoint.after(50L, 50, 51, "the newest event")).isEqualTo(50);
        assertThatThrownBy(() -> ResumePoint.after(49L, 50, 51, "the newest event"))
                .isInstanceOf(DistributorException.class);
    }

    private static Stamped at(long seq, int daysAgo) {
        return new Stamped(seq, NOW.minusDays(daysAgo));
    }
}
