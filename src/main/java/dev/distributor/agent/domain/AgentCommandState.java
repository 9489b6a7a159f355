package dev.distributor.agent.domain;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The states of an agent command, spelled as in the column {@code agent_command.state}, on the wire
 * ({@code STATUS=...}) and in GraphQL. A command moves only as {@link AgentCommandLifecycle} allows:
 * {@code QUEUED -> DELIVERED -> IN_PROGRESS -> SUCCESS | FAILED | TIMED_OUT}, or {@code CANCELLED} before it runs; a
 * command whose script asked for a reboot that it allows waits in {@code REBOOTING} until its host reports after boot.
 */
public enum AgentCommandState {
    QUEUED, DELIVERED, IN_PROGRESS, REBOOTING, SUCCESS, FAILED, TIMED_OUT, CANCELLED;

    /** The states a command never leaves; the one definition of "finished" for the queue, reports and observers. */
    public static final Set<AgentCommandState> FINAL = Collections
            .unmodifiableSet(EnumSet.of(SUCCESS, FAILED, TIMED_OUT, CANCELLED));

    /** What an agent may report (docs/AGENT-PROTOCOL.md); CANCELLED is the service's decision only. */
    public static final Set<AgentCommandState> REPORTABLE = Collections
            .unmodifiableSet(EnumSet.of(IN_PROGRESS, REBOOTING, SUCCESS, FAILED, TIMED_OUT));

    public boolean isFinal() {
        return FINAL.contains(this);
    }

    /** The state a {@code STATUS} field names, empty when it is missing or no status an agent may report. */
    public static Optional<AgentCommandState> reported(String status) {
        return REPORTABLE.stream().filter(state -> state.name().equals(status)).findFirst();
    }

    /** The state a database row holds; a name outside the enum is a broken row (the column has a check). */
    public static AgentCommandState ofColumn(String value) {
        return valueOf(value);
    }

    /**
     * The states as an SQL list ({@code 'QUEUED', 'DELIVERED'}) for a statement's {@code in (...)}: the names are
     * constants of this enum, never input, so writing them into SQL text is safe and lets indexes with the same
     * predicate be used.
     */
    public static String sqlList(Set<AgentCommandState> states) {
        return states.stream()
                .sorted()
                .map(state -> "'" + state.name() + "'")
                .collect(Collectors.joining(", "));
    }
}
