package dev.distributor.rollout.engine;

import static dev.distributor.rollout.domain.InvocationStatus.CANCELLED;
import static dev.distributor.rollout.domain.InvocationStatus.FAILED;
import static dev.distributor.rollout.domain.InvocationStatus.IN_PROGRESS;
import static dev.distributor.rollout.domain.InvocationStatus.PENDING;
import static dev.distributor.rollout.domain.InvocationStatus.QUEUED;
import static dev.distributor.rollout.domain.InvocationStatus.REBOOTING;
import static dev.distributor.rollout.domain.InvocationStatus.SKIPPED;
import static dev.distributor.rollout.domain.InvocationStatus.SUCCESS;
import static dev.distributor.rollout.domain.InvocationStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.RolloutEntity.PauseCause;
import dev.distributor.rollout.domain.RolloutEntity.WaitingFor;
import dev.distributor.rollout.domain.RolloutEvent;
import dev.distributor.rollout.domain.RolloutState;
import dev.distributor.rollout.domain.Strategy.OnFailure;
import dev.distributor.rollout.engine.RolloutDecision.Decision;
import dev.distributor.rollout.engine.RolloutDecision.Trip;
import dev.distributor.rollout.engine.RolloutDecision.Wait;
import dev.distributor.rollout.engine.RolloutDecision.WaveCompleted;

/**
 * The engine's decisions as a table: given a run, its strategy, its counts and the time, what one pass does. Plain
 * JUnit, no database, no clock: the whole table runs in milliseconds.
 */
class RolloutDecisionTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    /** Three waves, nothing waiting, 10 at once, 2 errors allowed. */
    private static final RolloutView RUNNING = new RolloutView(RolloutState.RUNNING, 1, 3, 0, null, null, 10, 2, 0);

    /** STOP on failure, 95% per wave, no pause, no approval, 1 h timeouts, 1 script. */
    private static final StrategyView STRATEGY = new StrategyView(95, 0, false, OnFailure.STOP, 3600, 3600, 1);

    private static final Decision NOTHING = Decision.NOTHING;

    record Case(String name, RolloutView rollout, StrategyView strategy, Counts counts, Decision expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();

        // ---------------------------------------------------------------- states that do nothing
        for (RolloutState state : List.of(RolloutState.PLANNED, RolloutState.PAUSED, RolloutState.SUCCEEDED,
                RolloutState.FAILED, RolloutState.CANCELLED, RolloutState.ROLLED_BACK)) {
            cases.add(new Case(state + " run does nothing, even with errors over the budget and work to do",
                    run(r -> with(r, state)), STRATEGY, counts(1, PENDING, 5, 1, FAILED, 5), NOTHING));
        }

        // ---------------------------------------------------------------- dispatch
        cases.add(new Case("wave 1 with pending targets dispatches up to maxConcurrency", RUNNING, STRATEGY,
                counts(1, PENDING, 20), dispatch(10)));
        cases.add(new Case("invocations out take concurrency slots", RUNNING, STRATEGY,
                counts(1, QUEUED, 3, 1, IN_PROGRESS, 4, 1, PENDING, 5), dispatch(3)));
        cases.add(new Case("a full concurrency budget dispatches nothing", RUNNING, STRATEGY,
                counts(1, IN_PROGRESS, 10, 1, PENDING, 5), NOTHING));
        cases.add(new Case("more out than the budget (a lowered limit) dispatches nothing, no negative slots",
                RUNNING, STRATEGY, counts(1, IN_PROGRESS, 12, 1, PENDING, 5), NOTHING));
        cases.add(new Case("a wave still running does not complete, later waves wait", RUNNING, STRATEGY,
                counts(1, SUCCESS, 1, 1, IN_PROGRESS, 1, 2, PENDING, 5), dispatch(9)));

        // ---------------------------------------------------------------- maxErrors
        cases.add(new Case("errors up to maxErrors are tolerated", RUNNING, STRATEGY,
                counts(1, FAILED, 1, 1, TIMED_OUT, 1, 1, PENDING, 5), dispatch(10)));
        cases.add(new Case("one error more than maxErrors trips STOP", RUNNING, STRATEGY,
                counts(1, FAILED, 2, 1, TIMED_OUT, 1, 1, PENDING, 5),
                trip(RolloutEvent.THRESHOLD_TRIPPED_STOP, PauseCause.MAX_ERRORS,
                        "3 failed or timed out, more than maxErrors (2)")));
        cases.add(new Case("one error more than maxErrors with onFailure PAUSE trips PAUSE", RUNNING,
                strategy(s -> new StrategyView(95, 0, false, OnFailure.PAUSE, 3600, 3600, 1)),
                counts(1, FAILED, 3, 1, PENDING, 5),
                trip(RolloutEvent.THRESHOLD_TRIPPED_PAUSE, PauseCause.MAX_ERRORS,
                        "3 failed or timed out, more than maxErrors (2)")));
        cases.add(new Case("maxErrors 0 stops at the first error", run(r -> maxErrors(r, 0)), STRATEGY,
                counts(1, TIMED_OUT, 1, 1, PENDING, 5),
                trip(RolloutEvent.THRESHOLD_TRIPPED_STOP, PauseCause.MAX_ERRORS,
                        "1 failed or timed out, more than maxErrors (0)")));
        cases.add(new Case("maxErrors 0 without errors carries on", run(r -> maxErrors(r, 0)), STRATEGY,
                counts(1, SUCCESS, 1, 1, PENDING, 5), dispatch(10)));
        cases.add(new Case("errors a resume acknowledged do not count", run(r -> acknowledged(r, 3)), STRATEGY,
                counts(1, FAILED, 3, 1, PENDING, 5), dispatch(10)));
        cases.add(new Case("errors past the acknowledged ones count again",
                run(r -> acknowledged(r, 3)), STRATEGY, counts(1, FAILED, 6, 1, PENDING, 5),
                trip(RolloutEvent.THRESHOLD_TRIPPED_STOP, PauseCause.MAX_ERRORS,
                        "6 failed or timed out (3 accepted by a resume, 3 since), more than maxErrors (2)")));
        cases.add(new Case("skipped and cancelled invocations are not errors", run(r -> maxErrors(r, 0)), STRATEGY,
                counts(0, SKIPPED, 10, 1, CANCELLED, 3, 1, PENDING, 1), dispatch(10)));
        cases.add(new Case("maxErrors is checked before a wait: a waiting run trips", run(
                r -> waiting(r, WaitingFor.APPROVAL, null)), STRATEGY, counts(1, FAILED, 3, 2, PENDING, 5),
                trip(RolloutEvent.THRESHOLD_TRIPPED_STOP, PauseCause.MAX_ERRORS,
                        "3 failed or timed out, more than maxErrors (2)")));

        // ---------------------------------------------------------------- waveSuccessPercent
        cases.add(new Case("a wave at exactly waveSuccessPercent passes", run(r -> wavesOf(r, 1, 2)),
                percent(80), counts(1, SUCCESS, 4, 1, FAILED, 1, 2, PENDING, 5),
                new Decision(false, null, new WaveCompleted(1, 80), null, true, null, 10)));
        cases.add(new Case("a wave below waveSuccessPercent trips", run(r -> wavesOf(r, 1, 2)), percent(95),
                counts(1, SUCCESS, 19, 1, FAILED, 2, 2, PENDING, 5),
                trip(RolloutEvent.THRESHOLD_TRIPPED_STOP, PauseCause.WAVE_THRESHOLD,
                        "wave 1: 90% succeeded (19 of 21 attempted), below waveSuccessPercent (95%)")));
        cases.add(new Case("the success percent is rounded down: 2 of 3 is 66%, below 67", run(r -> wavesOf(r, 1, 2)),
                percent(67), counts(1, SUCCESS, 2, 1, FAILED, 1, 2, PENDING, 5),
                trip(RolloutEvent.THRESHOLD_TRIPPED_STOP, PauseCause.WAVE_THRESHOLD,
                        "wave 1: 66% succeeded (2 of 3 attempted), below waveSuccessPercent (67%)")));
        cases.add(new Case("the success percent is rounded down: 2 of 3 is 66%, passes 66", run(r -> wavesOf(r, 1, 2)),
                percent(66), counts(1, SUCCESS, 2, 1, FAILED, 1, 2, PENDING, 5),
                new Decision(false, null, new WaveCompleted(1, 66), null, true, null, 10)));
        cases.add(new Case("199 of 200 is 99%, below 100", run(r -> wavesOf(r, 1, 2)), percent(100),
                counts(1, SUCCESS, 199, 1, FAILED, 1, 2, PENDING, 5),
                trip(RolloutEvent.THRESHOLD_TRIPPED_STOP, PauseCause.WAVE_THRESHOLD,
                        "wave 1: 99% succeeded (199 of 200 attempted), below waveSuccessPercent (100%)")));
        cases.add(new Case("a wave of only skipped and cancelled targets counts as 100%", run(r -> wavesOf(r, 1, 2)),
                percent(100), counts(1, CANCELLED, 2, 2, PENDING, 5),
                new Decision(false, null, new WaveCompleted(1, 100), null, true, null, 10)));
        cases.add(new Case("waveSuccessPercent 0 passes a wave that all failed (within maxErrors)",
                run(r -> maxErrors(wavesOf(r, 1, 2), 5)), percent(0), counts(1, FAILED, 3, 2, PENDING, 5),
                new Decision(false, null, new WaveCompleted(1, 0), null, true, null, 10)));
        cases.add(new Case("a wave a resume accepted does not trip again", run(r -> accepted(wavesOf(r, 1, 2), 1)),
                percent(95), counts(1, SUCCESS, 1, 1, FAILED, 1, 2, PENDING, 5),
                new Decision(false, null, new WaveCompleted(1, 50), null, true, null, 10)));
        cases.add(new Case("a wave whose only failures a resume accepted (maxErrors, mid-wave) completes and passes",
                run(r -> acknowledged(wavesOf(r, 1, 2), 10)), percent(95),
                counts(1, SUCCESS, 10, 1, FAILED, 10, 2, PENDING, 5),
                new Decision(false, null, new WaveCompleted(1, 50), null, true, null, 10)));
        cases.add(new Case("a failure after that resume makes the wave's percent count again",
                run(r -> maxErrors(acknowledged(wavesOf(r, 1, 2), 10), 5)), percent(95),
                counts(1, SUCCESS, 10, 1, FAILED, 11, 2, PENDING, 5),
                trip(RolloutEvent.THRESHOLD_TRIPPED_STOP, PauseCause.WAVE_THRESHOLD,
                        "wave 1: 47% succeeded (10 of 21 attempted), below waveSuccessPercent (95%)")));
        cases.add(new Case("below waveSuccessPercent with onFailure PAUSE pauses", run(r -> wavesOf(r, 1, 2)),
                new StrategyView(95, 0, false, OnFailure.PAUSE, 3600, 3600, 1),
                counts(1, SUCCESS, 1, 1, FAILED, 1, 2, PENDING, 5),
                trip(RolloutEvent.THRESHOLD_TRIPPED_PAUSE, PauseCause.WAVE_THRESHOLD,
                        "wave 1: 50% succeeded (1 of 2 attempted), below waveSuccessPercent (95%)")));
        cases.add(new Case("the last wave below waveSuccessPercent trips instead of succeeding",
                run(r -> wavesOf(r, 2, 2)), percent(95), counts(1, SUCCESS, 1, 2, SUCCESS, 1, 2, FAILED, 1),
                trip(RolloutEvent.THRESHOLD_TRIPPED_STOP, PauseCause.WAVE_THRESHOLD,
                        "wave 2: 50% succeeded (1 of 2 attempted), below waveSuccessPercent (95%)")));

        // ---------------------------------------------------------------- waves
        cases.add(new Case("a passed wave starts the next at once and dispatches", run(r -> wavesOf(r, 1, 3)),
                STRATEGY, counts(1, SUCCESS, 1, 2, PENDING, 2, 3, PENDING, 7),
                new Decision(false, null, new WaveCompleted(1, 100), null, true, null, 10)));
        cases.add(new Case("a retried invocation in an earlier wave holds the current wave open",
                run(r -> wavesOf(r, 2, 3)), STRATEGY, counts(1, PENDING, 1, 2, SUCCESS, 2, 3, PENDING, 7),
                dispatch(10)));
        cases.add(new Case("a retried earlier wave that finished lets the current wave complete",
                run(r -> wavesOf(r, 2, 3)), STRATEGY, counts(1, SUCCESS, 1, 2, SUCCESS, 2, 3, PENDING, 7),
                new Decision(false, null, new WaveCompleted(2, 100), null, true, null, 10)));
        cases.add(new Case("the last wave done succeeds with the counts in its reason", run(r -> wavesOf(r, 3, 3)),
                percent(50), counts(0, SKIPPED, 2, 1, SUCCESS, 1, 2, SUCCESS, 2, 3, SUCCESS, 3, 3, FAILED, 1),
                succeed("6 succeeded, 1 failed or timed out, 2 skipped")));
        cases.add(new Case("a success names the cancelled ones too", run(r -> wavesOf(r, 1, 1)), percent(0),
                counts(1, SUCCESS, 2, 1, CANCELLED, 1), succeed("2 succeeded, 0 failed or timed out, 0 skipped, "
                        + "1 cancelled")));
        cases.add(new Case("an all-skipped run (no waves) succeeds at once", run(r -> wavesOf(r, 0, 0)), STRATEGY,
                counts(0, SKIPPED, 4), succeed("0 succeeded, 0 failed or timed out, 4 skipped")));
        cases.add(new Case("the last wave still running dispatches", run(r -> wavesOf(r, 3, 3)), STRATEGY,
                counts(3, IN_PROGRESS, 2, 3, PENDING, 3), dispatch(8)));

        // ---------------------------------------------------------------- waits between waves
        cases.add(new Case("manual approval: a passed wave waits for approval", run(r -> wavesOf(r, 1, 3)),
                approval(), counts(1, SUCCESS, 1, 2, PENDING, 4),
                new Decision(false, null, new WaveCompleted(1, 100), new Wait(WaitingFor.APPROVAL, 2, null), false,
                        null, 0)));
        cases.add(new Case("manual approval takes precedence over a pause", run(r -> wavesOf(r, 1, 3)),
                new StrategyView(95, 30, true, OnFailure.STOP, 3600, 3600, 1), counts(1, SUCCESS, 1, 2, PENDING, 4),
                new Decision(false, null, new WaveCompleted(1, 100), new Wait(WaitingFor.APPROVAL, 2, null), false,
                        null, 0)));
        cases.add(new Case("waiting for approval does nothing", run(r -> waiting(r, WaitingFor.APPROVAL, null)),
                approval(), counts(1, SUCCESS, 1, 2, PENDING, 4), NOTHING));
        cases.add(new Case("manual approval: the last wave needs none and succeeds", run(r -> wavesOf(r, 3, 3)),
                approval(), counts(1, SUCCESS, 1, 2, SUCCESS, 1, 3, SUCCESS, 1),
                succeed("3 succeeded, 0 failed or timed out, 0 skipped")));
        cases.add(new Case("a pause: a passed wave waits on the timer until now + pause", run(r -> wavesOf(r, 1, 3)),
                pause(30), counts(1, SUCCESS, 1, 2, PENDING, 4),
                new Decision(false, null, new WaveCompleted(1, 100), new Wait(WaitingFor.TIMER, 2,
                        NOW.plusSeconds(30)), false, null, 0)));
        cases.add(new Case("a pause not yet over does nothing",
                run(r -> waiting(r, WaitingFor.TIMER, NOW.plusSeconds(1))), pause(30),
                counts(1, SUCCESS, 1, 2, PENDING, 4), NOTHING));
        cases.add(new Case("a pause over exactly now starts the next wave and dispatches",
                run(r -> waiting(r, WaitingFor.TIMER, NOW)), pause(30), counts(1, SUCCESS, 1, 2, PENDING, 4),
                new Decision(true, null, null, null, false, null, 10)));
        cases.add(new Case("a pause long over starts the next wave and dispatches",
                run(r -> waiting(r, WaitingFor.TIMER, NOW.minusHours(1))), pause(30),
                counts(1, SUCCESS, 1, 2, PENDING, 4), new Decision(true, null, null, null, false, null, 10)));
        cases.add(new Case("a pause over into the last wave whose targets all finished succeeds",
                run(r -> waiting(wavesOf(r, 1, 2), WaitingFor.TIMER, NOW.minusSeconds(1))), pause(30),
                counts(1, SUCCESS, 1, 2, CANCELLED, 2),
                new Decision(true, null, null, null, false, "1 succeeded, 0 failed or timed out, 0 skipped, "
                        + "2 cancelled", 0)));

        // ---------------------------------------------------------------- hosts rebooting to finish a command
        cases.add(new Case("a rebooting canary holds its wave open: the next wave waits", run(r -> wavesOf(r, 1, 2)),
                STRATEGY, counts(1, REBOOTING, 1, 2, PENDING, 5), dispatch(9)));
        cases.add(new Case("a rebooting host is neither an error nor a success: maxErrors 0 does not trip",
                run(r -> maxErrors(wavesOf(r, 1, 2), 0)), percent(100), counts(1, REBOOTING, 1, 1, SUCCESS, 1,
                        2, PENDING, 5),
                dispatch(9)));
        cases.add(new Case("rebooting hosts take concurrency slots", RUNNING, STRATEGY,
                counts(1, REBOOTING, 4, 1, IN_PROGRESS, 2, 1, PENDING, 9), dispatch(4)));
        cases.add(new Case("the last wave does not succeed while a host reboots", run(r -> wavesOf(r, 2, 2)),
                STRATEGY, counts(1, SUCCESS, 1, 2, SUCCESS, 3, 2, REBOOTING, 1), dispatch(9)));
        cases.add(new Case("once the rebooted host timed out the wave's thresholds apply", run(r -> wavesOf(r, 1, 2)),
                STRATEGY, counts(1, TIMED_OUT, 1, 2, PENDING, 5),
                trip(RolloutEvent.THRESHOLD_TRIPPED_STOP, PauseCause.WAVE_THRESHOLD,
                        "wave 1: 0% succeeded (0 of 1 attempted), below waveSuccessPercent (95%)")));

        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(Case given) {
        assertThat(RolloutDecision.decide(given.rollout(), given.strategy(), given.counts(), NOW))
                .isEqualTo(given.expected());
    }

    // -------------------------------------------------------------------- timeouts

    record Timeout(String name, StrategyView strategy, long graceSeconds, OffsetDateTime since, boolean expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Timeout> deliveryCases() {
        StrategyView fiveSeconds = new StrategyView(95, 0, false, OnFailure.STOP, 3600, 5, 1);
        return Stream.of(
                new Timeout("queued 4 s ago, 5 s to deliver: waits", fiveSeconds, 0, NOW.minusSeconds(4), false),
                new Timeout("queued exactly 5 s ago: still waits", fiveSeconds, 0, NOW.minusSeconds(5), false),
                new Timeout("queued 5.001 s ago: expired", fiveSeconds, 0, NOW.minusSeconds(5).minusNanos(1_000_000),
                        true),
                new Timeout("queued an hour ago: expired", fiveSeconds, 0, NOW.minusHours(1), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deliveryCases")
    void deliveryExpires(Timeout given) {
        assertThat(RolloutDecision.deliveryExpired(given.strategy(), given.since(), NOW)).isEqualTo(given.expected());
    }

    static Stream<Timeout> reportCases() {
        StrategyView reinstall = new StrategyView(95, 0, false, OnFailure.STOP, 1, 3600, 4);
        StrategyView single = new StrategyView(95, 0, false, OnFailure.STOP, 1, 3600, 1);
        return Stream.of(
                new Timeout("reinstall: 4 scripts x 1 s + 1 s grace, started 5 s ago: not yet", reinstall, 1,
                        NOW.minusSeconds(5), false),
                new Timeout("reinstall: started 6 s ago: overdue", reinstall, 1, NOW.minusSeconds(6), true),
                new Timeout("one script: 1 s + 1 s grace, started 2 s ago: not yet", single, 1, NOW.minusSeconds(2),
                        false),
                new Timeout("one script: started 3 s ago: overdue", single, 1, NOW.minusSeconds(3), true),
                new Timeout("a 60 s grace keeps a 1 s script waiting 61 s", single, 60, NOW.minusSeconds(61), false),
                new Timeout("not started yet: never overdue", single, 0, null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reportCases")
    void reportIsOverdue(Timeout given) {
        assertThat(RolloutDecision.reportOverdue(given.strategy(), given.graceSeconds(), given.since(), NOW))
                .isEqualTo(given.expected());
    }

    static Stream<Timeout> rebootCases() {
        return Stream.of(
                new Timeout("rebooting for 1799 s of a 1800 s limit: waits", STRATEGY, 1800, NOW.minusSeconds(1799),
                        false),
                new Timeout("rebooting for exactly 1800 s: still waits", STRATEGY, 1800, NOW.minusSeconds(1800),
                        false),
                new Timeout("rebooting for 1801 s: the host did not come back", STRATEGY, 1800,
                        NOW.minusSeconds(1801), true),
                new Timeout("not rebooting: never overdue", STRATEGY, 1800, null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rebootCases")
    void rebootIsOverdue(Timeout given) {
        assertThat(RolloutDecision.rebootOverdue(given.graceSeconds(), given.since(), NOW))
                .isEqualTo(given.expected());
    }

    static Stream<Object[]> reportLimits() {
        return Stream.of(new Object[]{1, 4, 1L, 5L}, new Object[]{3600, 4, 60L, 14_460L},
                new Object[]{3600, 1, 60L, 3660L}, new Object[]{86_400, 4, 0L, 345_600L});
    }

    @ParameterizedTest(name = "timeout {0} s x {1} scripts + {2} s grace = {3} s")
    @MethodSource("reportLimits")
    void reportLimit_isScriptsTimesTheCommandTimeout_plusTheGrace(int timeout, int scripts, long grace, long limit) {
        StrategyView strategy = new StrategyView(95, 0, false, OnFailure.STOP, timeout, 3600, scripts);
        assertThat(RolloutDecision.reportLimitSeconds(strategy, grace)).isEqualTo(limit);
    }

    // -------------------------------------------------------------------- resume after a threshold (issue 15, case 6)

    @org.junit.jupiter.api.Test
    void aResumeAfterMaxErrors_acceptsEveryErrorKnown_andTheCompleteWave_soTheRunDoesNotTripAgainOnThem() {
        // 10 of 20 failed with maxErrors 0: the budget tripped first; the wave is complete at 50%.
        RolloutView paused = with(maxErrors(RUNNING, 0), RolloutState.PAUSED);
        Counts counts = counts(1, FAILED, 10, 1, SUCCESS, 10, 2, PENDING, 10);

        RolloutDecision.Accepted accepted = RolloutDecision.acceptedOnResume(paused, counts, PauseCause.MAX_ERRORS);

        assertThat(accepted).isEqualTo(new RolloutDecision.Accepted(10, 1));
        RolloutView resumed = accepted(acknowledged(maxErrors(RUNNING, 0), 10), 1);
        assertThat(RolloutDecision.decide(resumed, STRATEGY, counts, NOW).trip()).isNull();
        // A new failure after the resume still trips.
        Counts later = counts(1, FAILED, 10, 1, SUCCESS, 10, 2, FAILED, 1, 2, PENDING, 9);
        assertThat(RolloutDecision.decide(wavesOf(resumed, 2, 3), STRATEGY, later, NOW).trip()).isEqualTo(new Trip(
                RolloutEvent.THRESHOLD_TRIPPED_STOP, PauseCause.MAX_ERRORS,
                "11 failed or timed out (10 accepted by a resume, 1 since), more than maxErrors (0)"));
    }

    @org.junit.jupiter.api.Test
    void aResumeAfterMaxErrors_whileTheWaveStillRuns_leavesTheWaveThresholdToJudgeIt() {
        RolloutView paused = with(maxErrors(RUNNING, 0), RolloutState.PAUSED);
        Counts counts = counts(1, FAILED, 2, 1, IN_PROGRESS, 3, 1, PENDING, 5);

        assertThat(RolloutDecision.acceptedOnResume(paused, counts, PauseCause.MAX_ERRORS))
                .isEqualTo(new RolloutDecision.Accepted(2, 0));
    }

    @org.junit.jupiter.api.Test
    void aResumeAfterTheOperatorsPause_acceptsNothing() {
        RolloutView paused = with(acknowledged(RUNNING, 1), RolloutState.PAUSED);

        assertThat(RolloutDecision.acceptedOnResume(paused, counts(1, FAILED, 5, 1, SUCCESS, 5), PauseCause.OPERATOR))
                .isEqualTo(new RolloutDecision.Accepted(1, 0));
    }

    @org.junit.jupiter.api.Test
    void aPausedRunsReason_countsWhatIsKnownNow() {
        RolloutView paused = with(maxErrors(RUNNING, 0), RolloutState.PAUSED);

        assertThat(RolloutDecision.pauseReason(paused, STRATEGY, counts(1, FAILED, 10, 1, SUCCESS, 10),
                PauseCause.MAX_ERRORS)).isEqualTo("10 failed or timed out, more than maxErrors (0)");
        assertThat(RolloutDecision.pauseReason(paused, STRATEGY, counts(1, FAILED, 10, 1, SUCCESS, 10),
                PauseCause.WAVE_THRESHOLD))
                .isEqualTo("wave 1: 50% succeeded (10 of 20 attempted), below waveSuccessPercent (95%)");
        assertThat(RolloutDecision.pauseReason(paused, STRATEGY, counts(1, FAILED, 10), PauseCause.OPERATOR))
                .isNull();
    }

    // -------------------------------------------------------------------- maintenance windows (issue 16)

    record Windowed(String name, RolloutView rollout, StrategyView strategy, Counts counts, Decision expected,
            boolean held) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Windowed> closedWindowCases() {
        return Stream.of(
                new Windowed("outside every window pending targets wait: nothing is dispatched, the run is held",
                        RUNNING, STRATEGY, counts(1, PENDING, 20), NOTHING, true),
                new Windowed("invocations out finish and report; no new one starts in the freed slots", RUNNING,
                        STRATEGY, counts(1, IN_PROGRESS, 3, 1, SUCCESS, 2, 1, PENDING, 5), NOTHING, true),
                new Windowed("the maxErrors budget still trips outside the window", run(r -> maxErrors(r, 0)),
                        STRATEGY, counts(1, FAILED, 1, 1, PENDING, 5),
                        trip(RolloutEvent.THRESHOLD_TRIPPED_STOP, PauseCause.MAX_ERRORS,
                                "1 failed or timed out, more than maxErrors (0)"),
                        false),
                new Windowed("a wave still completes and the next one starts, but dispatches nothing: held",
                        RUNNING, STRATEGY, counts(1, SUCCESS, 2, 2, PENDING, 4),
                        new Decision(false, null, new WaveCompleted(1, 100), null, true, null, 0), true),
                new Windowed("a wave completing into a wait for approval is waiting, not held", RUNNING, approval(),
                        counts(1, SUCCESS, 2, 2, PENDING, 4),
                        new Decision(false, null, new WaveCompleted(1, 100), new Wait(WaitingFor.APPROVAL, 2, null),
                                false, null, 0),
                        false),
                new Windowed("a run waiting for approval is unaffected by the window",
                        run(r -> waiting(r, WaitingFor.APPROVAL, null)), approval(),
                        counts(1, SUCCESS, 2, 2, PENDING, 4), NOTHING, false),
                new Windowed("a pause between waves not over yet is unaffected by the window",
                        run(r -> waiting(r, WaitingFor.TIMER, NOW.plusMinutes(5))), pause(600),
                        counts(1, SUCCESS, 2, 2, PENDING, 4), NOTHING, false),
                new Windowed("a pause between waves that is over starts the next wave, held by the window",
                        run(r -> waiting(r, WaitingFor.TIMER, NOW.minusSeconds(1))), pause(600),
                        counts(1, SUCCESS, 2, 2, PENDING, 4), new Decision(true, null, null, null, false, null, 0),
                        true),
                new Windowed("the last invocations finishing outside the window still succeed the run",
                        run(r -> wavesOf(r, 1, 1)), STRATEGY, counts(1, SUCCESS, 3),
                        succeed("3 succeeded, 0 failed or timed out, 0 skipped"), false),
                new Windowed("nothing pending (all out): not held, nothing to start anyway", RUNNING, STRATEGY,
                        counts(1, IN_PROGRESS, 3, 2, PENDING, 4), NOTHING, false),
                new Windowed("a paused run is not held (it starts nothing anyway)",
                        run(r -> with(r, RolloutState.PAUSED)), STRATEGY, counts(1, PENDING, 5), NOTHING, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closedWindowCases")
    void decidesOutsideEveryMaintenanceWindow(Windowed given) {
        Decision decision = RolloutDecision.decide(given.rollout(), given.strategy(), given.counts(), NOW, false);

        assertThat(decision).isEqualTo(given.expected());
        assertThat(RolloutDecision.heldByWindow(given.rollout(), given.counts(), decision, false))
                .isEqualTo(given.held());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anOpenWindow_decidesAsWithoutWindows_andHoldsNothing(Case given) {
        Decision decision = RolloutDecision.decide(given.rollout(), given.strategy(), given.counts(), NOW, true);

        assertThat(decision).isEqualTo(given.expected());
        assertThat(RolloutDecision.heldByWindow(given.rollout(), given.counts(), decision, true)).isFalse();
    }

    // -------------------------------------------------------------------- givens

    private static RolloutView run(UnaryOperator<RolloutView> change) {
        return change.apply(RUNNING);
    }

    private static RolloutView with(RolloutView r, RolloutState state) {
        return new RolloutView(state, r.currentWave(), r.waveCount(), r.waveAccepted(), r.waitingFor(),
                r.nextWaveAt(), r.maxConcurrency(), r.maxErrors(), r.errorsAcknowledged());
    }

    private static RolloutView wavesOf(RolloutView r, int current, int count) {
        return new RolloutView(r.state(), current, count, r.waveAccepted(), r.waitingFor(), r.nextWaveAt(),
                r.maxConcurrency(), r.maxErrors(), r.errorsAcknowledged());
    }

    private static RolloutView maxErrors(RolloutView r, int maxErrors) {
        return new RolloutView(r.state(), r.currentWave(), r.waveCount(), r.waveAccepted(), r.waitingFor(),
                r.nextWaveAt(), r.maxConcurrency(), maxErrors, r.errorsAcknowledged());
    }

    private static RolloutView acknowledged(RolloutView r, int errors) {
        return new RolloutView(r.state(), r.currentWave(), r.waveCount(), r.waveAccepted(), r.waitingFor(),
                r.nextWaveAt(), r.maxConcurrency(), r.maxErrors(), errors);
    }

    private static RolloutView accepted(RolloutView r, int wave) {
        return new RolloutView(r.state(), r.currentWave(), r.waveCount(), wave, r.waitingFor(), r.nextWaveAt(),
                r.maxConcurrency(), r.maxErrors(), r.errorsAcknowledged());
    }

    private static RolloutView waiting(RolloutView r, WaitingFor kind, OffsetDateTime until) {
        return new RolloutView(r.state(), r.currentWave(), r.waveCount(), r.waveAccepted(), kind, until,
                r.maxConcurrency(), r.maxErrors(), r.errorsAcknowledged());
    }

    private static StrategyView strategy(UnaryOperator<StrategyView> change) {
        return change.apply(STRATEGY);
    }

    private static StrategyView percent(int waveSuccessPercent) {
        return new StrategyView(waveSuccessPercent, 0, false, OnFailure.STOP, 3600, 3600, 1);
    }

    private static StrategyView approval() {
        return new StrategyView(95, 0, true, OnFailure.STOP, 3600, 3600, 1);
    }

    private static StrategyView pause(int seconds) {
        return new StrategyView(95, seconds, false, OnFailure.STOP, 3600, 3600, 1);
    }

    /** Triples of (wave, status, count). */
    private static Counts counts(Object... triples) {
        Counts counts = new Counts();
        for (int i = 0; i < triples.length; i += 3) {
            counts.add((Integer) triples[i], (InvocationStatus) triples[i + 1], (Integer) triples[i + 2]);
        }
        return counts;
    }

    private static Decision dispatch(int slots) {
        return new Decision(false, null, null, null, false, null, slots);
    }

    private static Decision trip(RolloutEvent event, PauseCause cause, String reason) {
        return new Decision(false, new Trip(event, cause, reason), null, null, false, null, 0);
    }

    private static Decision succeed(String reason) {
        return new Decision(false, null, null, null, false, reason, 0);
    }
}
