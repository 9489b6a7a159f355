package dev.distributor.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.distributor.agent.domain.AgentCommandLifecycle.Event;
import dev.distributor.agent.domain.AgentCommandLifecycle.ReportDecision;

/** The report answers of docs/AGENT-PROTOCOL.md, state by state, as the transition table gives them. */
class AgentCommandLifecycleTest {

    @Test
    void givenEveryStateAndReport_theAnswerIsTheOneTheProtocolPromises() {
        for (AgentCommandState current : AgentCommandState.values()) {
            for (AgentCommandState reported : AgentCommandState.REPORTABLE) {
                ReportDecision decision = AgentCommandLifecycle.onReport(current, reported);
                String answer = decision.accepted() ? "moves to " + decision.next() : decision.refusal().reason();
                assertThat(answer).as(current + " reported " + reported).isEqualTo(expected(current, reported));
            }
        }
    }

    /** The rules as the protocol page states them, written out independently of the table. */
    private static String expected(AgentCommandState current, AgentCommandState reported) {
        if (current == reported) {
            return "duplicate";
        }
        if (current == AgentCommandState.SUCCESS || current == AgentCommandState.FAILED
                || current == AgentCommandState.TIMED_OUT || current == AgentCommandState.CANCELLED) {
            return "finished";
        }
        if (current == AgentCommandState.QUEUED) {
            return "not-delivered";
        }
        if (reported == AgentCommandState.IN_PROGRESS) {
            // Only a delivered command starts; IN_PROGRESS after IN_PROGRESS was answered above.
            return current == AgentCommandState.DELIVERED ? "moves to IN_PROGRESS" : "duplicate";
        }
        if (reported == AgentCommandState.REBOOTING) {
            // A delivered or running command's host reboots; REBOOTING after REBOOTING was answered above.
            return "moves to REBOOTING";
        }
        // A final report: from DELIVERED, IN_PROGRESS, or REBOOTING (the report after the boot).
        return "moves to " + reported;
    }

    @Test
    void theFinalStatesAreExactlyThoseACommandNeverLeaves() {
        for (AgentCommandState state : AgentCommandState.values()) {
            boolean leavable = java.util.Arrays.stream(Event.values())
                    .anyMatch(event -> AgentCommandLifecycle.next(state, event).isPresent());
            assertThat(state.isFinal()).as(state.name()).isEqualTo(!leavable);
        }
    }

    @Test
    void theSystemEventsApplyWhereTheQueueStatementsApplyThem() {
        assertThat(AgentCommandLifecycle.from(Event.DELIVER))
                .containsExactlyInAnyOrder(AgentCommandState.QUEUED, AgentCommandState.DELIVERED);
        assertThat(AgentCommandLifecycle.from(Event.WITHDRAW))
                .containsExactlyInAnyOrder(AgentCommandState.QUEUED, AgentCommandState.DELIVERED);
        assertThat(AgentCommandLifecycle.to(Event.WITHDRAW)).isEqualTo(AgentCommandState.CANCELLED);
        assertThat(AgentCommandLifecycle.from(Event.ABANDON))
                .containsExactlyInAnyOrder(AgentCommandState.IN_PROGRESS, AgentCommandState.REBOOTING);
        assertThat(AgentCommandLifecycle.to(Event.ABANDON)).isEqualTo(AgentCommandState.TIMED_OUT);
        assertThat(AgentCommandLifecycle.from(Event.GIVE_UP)).containsExactly(AgentCommandState.DELIVERED);
        assertThat(AgentCommandLifecycle.to(Event.GIVE_UP)).isEqualTo(AgentCommandState.FAILED);
        // A deregistered host never reports again: running and rebooting commands end too, not only waiting ones.
        assertThat(AgentCommandLifecycle.from(Event.HOST_LEFT)).containsExactlyInAnyOrder(AgentCommandState.QUEUED,
                AgentCommandState.DELIVERED, AgentCommandState.IN_PROGRESS, AgentCommandState.REBOOTING);
        assertThat(AgentCommandLifecycle.to(Event.HOST_LEFT)).isEqualTo(AgentCommandState.CANCELLED);
    }

    @Test
    void aRebootingCommand_isNotFinal_movesOnlyOnItsFinalReportAfterBoot_orTimesOut() {
        AgentCommandState rebooting = AgentCommandState.REBOOTING;
        assertThat(rebooting.isFinal()).isFalse();
        assertThat(AgentCommandLifecycle.from(Event.REPORT_REBOOTING))
                .containsExactlyInAnyOrder(AgentCommandState.DELIVERED, AgentCommandState.IN_PROGRESS);
        assertThat(AgentCommandLifecycle.onReport(rebooting, AgentCommandState.SUCCESS).next())
                .isEqualTo(AgentCommandState.SUCCESS);
        assertThat(AgentCommandLifecycle.onReport(rebooting, AgentCommandState.FAILED).next())
                .isEqualTo(AgentCommandState.FAILED);
        assertThat(AgentCommandLifecycle.onReport(rebooting, AgentCommandState.IN_PROGRESS).refusal())
                .isEqualTo(AgentCommandLifecycle.Refusal.DUPLICATE);
        assertThat(AgentCommandLifecycle.next(rebooting, Event.ABANDON)).contains(AgentCommandState.TIMED_OUT);
        assertThat(AgentCommandLifecycle.next(rebooting, Event.DELIVER)).isEmpty();
        assertThat(AgentCommandLifecycle.next(rebooting, Event.WITHDRAW)).isEmpty();
        assertThat(AgentCommandLifecycle.onReport(AgentCommandState.SUCCESS, rebooting).refusal())
                .isEqualTo(AgentCommandLifecycle.Refusal.FINISHED);
    }

    @Test
    void onlyTheFiveProtocolStatusesAreReportable() {
        assertThat(AgentCommandState.reported("IN_PROGRESS")).contains(AgentCommandState.IN_PROGRESS);
        assertThat(AgentCommandState.reported("REBOOTING")).contains(AgentCommandState.REBOOTING);
        assertThat(AgentCommandState.reported("TIMED_OUT")).contains(AgentCommandState.TIMED_OUT);
        assertThat(AgentCommandState.reported("CANCELLED")).isEmpty();
        assertThat(AgentCommandState.reported("QUEUED")).isEmpty();
        assertThat(AgentCommandState.reported("success")).isEmpty();
        assertThat(AgentCommandState.reported(null)).isEmpty();
    }
}
