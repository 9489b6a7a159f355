package dev.distributor.agent.queue;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import dev.distributor.agent.domain.AgentCommandState;

/**
 * One row of the agent command queue, as the poll answer, GraphQL and tests read it.
 *
 * @param sent whether the command was sent (only sent commands are delivered)
 * @param timeoutSeconds how long its scripts may run, in seconds
 */
public record AgentCommand(
        UUID id,
        String instanceId,
        String action,
        String installType,
        String packageName,
        String version,
        String fileSha256,
        Long fileSize,
        String previousVersion,
        String previousFileSha256,
        Map<String, String> arguments,
        int timeoutSeconds,
        boolean rebootAllowed,
        AgentCommandState currentState,
        int deliveries,
        boolean sent,
        Integer exitCode,
        boolean rebootRequired,
        String step,
        String output,
        OffsetDateTime createdAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt) {

    /** The state's name, as the wire, GraphQL and the database spell it. */
    public String state() {
        return currentState.name();
    }
}
