package dev.distributor.agent.domain;

import static dev.distributor.agent.domain.AgentCommandState.CANCELLED;
import static dev.distributor.agent.domain.AgentCommandState.DELIVERED;
import static dev.distributor.agent.domain.AgentCommandState.FAILED;
import static dev.distributor.agent.domain.AgentCommandState.IN_PROGRESS;
import static dev.distributor.agent.domain.AgentCommandState.QUEUED;
import static dev.distributor.agent.domain.AgentCommandState.REBOOTING;
import static dev.distributor.agent.domain.AgentCommandState.SUCCESS;
import static dev.distributor.agent.domain.AgentCommandState.TIMED_OUT;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one transition table of an agent command: (state, event) to the next state. Report handling and the statements
 * that move commands take their rules from here; a pair missing from the table is no move.
 *
 * <pre>
 *  QUEUED --DELIVER--> DELIVERED --REPORT_IN_PROGRESS--> IN_PROGRESS --REPORT_SUCCESS|FAILED|TIMED_OUT--> (final)
 *    |                   |  ^ DELIVER (lease ran out)         |
 *    |                   |  +-----+                           +--ABANDON--> TIMED_OUT
 *    |                   +--REPORT_SUCCESS|FAILED|TIMED_OUT--> (final)
 *    |                   +--GIVE_UP--> FAILED (step not-acknowledged)
 *    +------WITHDRAW-----+--WITHDRAW--> CANCELLED
 *    +--HOST_LEFT--------+--HOST_LEFT-----------------------+--HOST_LEFT--> CANCELLED (step target-deregistered)
 *
 *  DELIVERED | IN_PROGRESS --REPORT_REBOOTING--> REBOOTING --REPORT_SUCCESS|FAILED|TIMED_OUT--> (final)
 *                                                     +--ABANDON--> TIMED_OUT (the host never came back)
 *                                                     +--HOST_LEFT--> CANCELLED (step target-deregistered)
 * </pre>
 */
public final class AgentCommandLifecycle {

    /** What moves a command. */
    public enum Event {
        /** A poll hands the command to its host; again when its lease ran out without an IN_PROGRESS report. */
        DELIVER,
        /** The lease ran out after the last allowed delivery: the command fails as not acknowledged. */
        GIVE_UP,
        /** The agent reported IN_PROGRESS. */
        REPORT_IN_PROGRESS,
        /** The agent's script succeeded and asked for a reboot the command allows: the host reboots now. */
        REPORT_REBOOTING,
        /** The agent reported SUCCESS. */
        REPORT_SUCCESS,
        /** The agent reported FAILED. */
        REPORT_FAILED,
        /** The agent reported TIMED_OUT. */
        REPORT_TIMED_OUT,
        /** A rollout withdrew the command, or its host was deregistered, before it ran. */
        WITHDRAW,
        /** It ran past its timeout (or its host past the reboot limit) without a final report. */
        ABANDON,
        /**
         * Its host was deregistered: it will never report again, so whatever it had not finished ends at once, running
         * or not.
         */
        HOST_LEFT;

        /** The event of an agent's report of {@code status}, one of {@link AgentCommandState#REPORTABLE}. */
        public static Event report(AgentCommandState status) {
            if (!AgentCommandState.REPORTABLE.contains(status)) {
                throw new IllegalArgumentException(status + " is not a status an agent reports");
            }
            return valueOf("REPORT_" + status.name());
        }
    }

    /** Why a report changed nothing; the wire value of {@code REASON=} (docs/AGENT-PROTOCOL.md). */
    public enum Refusal {
        /** The command is in the reported state already, or the report arrives after a later one. */
        DUPLICATE("duplicate"),
        /** The command finished with another state (cancelled, timed out, not acknowledged...). */
        FINISHED("finished"),
        /** The command was queued but never handed to this host. */
        NOT_DELIVERED("not-delivered");

        private final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** What a report does: a move to {@code next}, or a refusal that changes nothing. */
    public record ReportDecision(AgentCommandState next, Refusal refusal) {

        public boolean accepted() {
            return next != null;
        }
    }

    private static final Map<AgentCommandState, Map<Event, AgentCommandState>> TABLE = new EnumMap<>(
            AgentCommandState.class);

    static {
        move(QUEUED, Event.DELIVER, DELIVERED);
        move(QUEUED, Event.WITHDRAW, CANCELLED);
        move(DELIVERED, Event.DELIVER, DELIVERED);
        move(DELIVERED, Event.GIVE_UP, FAILED);
        move(DELIVERED, Event.REPORT_IN_PROGRESS, IN_PROGRESS);
        move(DELIVERED, Event.WITHDRAW, CANCELLED);
        for (AgentCommandState reported : EnumSet.of(SUCCESS, FAILED, TIMED_OUT)) {
            // A final report may skip IN_PROGRESS: an agent that fails before starting (download, verify) says so.
            move(DELIVERED, Event.report(reported), reported);
            move(IN_PROGRESS, Event.report(reported), reported);
            // After the boot the agent reports the command's final state (validate.sh's verdict, or SUCCESS).
            move(REBOOTING, Event.report(reported), reported);
        }
        move(DELIVERED, Event.REPORT_REBOOTING, REBOOTING);
        move(IN_PROGRESS, Event.REPORT_REBOOTING, REBOOTING);
        move(IN_PROGRESS, Event.ABANDON, TIMED_OUT);
        move(REBOOTING, Event.ABANDON, TIMED_OUT);
        for (AgentCommandState open : EnumSet.of(QUEUED, DELIVERED, IN_PROGRESS, REBOOTING)) {
            move(open, Event.HOST_LEFT, CANCELLED);
        }
    }

    private AgentCommandLifecycle() {
    }

    private static void move(AgentCommandState from, Event event, AgentCommandState to) {
        TABLE.computeIfAbsent(from, state -> new EnumMap<>(Event.class)).put(event, to);
    }

    /** The state {@code event} moves a command in {@code state} to; empty when the event does not apply there. */
    public static Optional<AgentCommandState> next(AgentCommandState state, Event event) {
        return Optional.ofNullable(TABLE.getOrDefault(state, Map.of()).get(event));
    }

    /** The states {@code event} applies to, for the {@code where state in (...)} of the statement that applies it. */
    public static Set<AgentCommandState> from(Event event) {
        Set<AgentCommandState> states = EnumSet.noneOf(AgentCommandState.class);
        TABLE.forEach((state, moves) -> {
            if (moves.containsKey(event)) {
                states.add(state);
            }
        });
        return Collections.unmodifiableSet(states);
    }

    /** The state {@code event} moves to; every event of the table has exactly one. */
    public static AgentCommandState to(Event event) {
        return TABLE.values().stream()
                .map(moves -> moves.get(event))
                .filter(state -> state != null)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(event + " moves no command"));
    }

    /**
     * How a command in {@code current} answers a report of {@code reported} (docs/AGENT-PROTOCOL.md): a repeat is a
     * duplicate, a finished command refuses as finished, an undelivered one as not delivered; otherwise the table
     * decides, and a report the table has no move for (IN_PROGRESS after a later report, such as REBOOTING) counts as a
     * duplicate.
     */
    public static ReportDecision onReport(AgentCommandState current, AgentCommandState reported) {
        if (current == reported) {
            return new ReportDecision(null, Refusal.DUPLICATE);
        }
        if (current.isFinal()) {
            return new ReportDecision(null, Refusal.FINISHED);
        }
        if (current == QUEUED) {
            return new ReportDecision(null, Refusal.NOT_DELIVERED);
        }
        return next(current, Event.report(reported))
                .map(next -> new ReportDecision(next, null))
                .orElseGet(() -> new ReportDecision(null, Refusal.DUPLICATE));
    }
}
