package dev.distributor.agent.queue;

import java.util.Map;
import java.util.UUID;

/** One row of the agent command queue, as the poll answer and tests read it. */
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
        String state,
        int deliveries,
        boolean sent,
        Integer exitCode,
        boolean rebootRequired,
        String step,
        String output) {
}
