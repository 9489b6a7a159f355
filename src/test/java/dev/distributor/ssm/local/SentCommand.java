package dev.distributor.ssm.local;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One SendCommand the local endpoint accepted, as the caller sent it.
 *
 * @param commandId SSM's id (a random UUID)
 * @param comment the Comment, or null
 * @param instanceIds the InstanceIds, in the order sent
 * @param documentName the DocumentName ({@code AWS-RunShellScript})
 * @param parameters the Parameters ({@code commands}, {@code executionTimeout}, {@code workingDirectory})
 * @param timeoutSeconds the TimeoutSeconds (the delivery timeout; 3600 when absent, as SSM)
 * @param requestedAt when it was accepted
 */
public record SentCommand(String commandId, String comment, List<String> instanceIds, String documentName,
        Map<String, List<String>> parameters, int timeoutSeconds, Instant requestedAt) {
}
