package dev.distributor.fleet.graphql;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.common.graphql.Tag;
import dev.distributor.fleet.domain.DriverKind;

@Name("Target")
@Description("A managed instance: a host running the Distributor agent, or an SSM-managed instance.")
public record TargetType(
        @NonNull @Description("mi- and 17 hex digits for agents; the EC2/SSM id for SSM instances.") String instanceId,
        @NonNull String name,
        @NonNull DriverKind driver,
        @NonNull @Description("os-release ID, mapped to Distributor's platform names (rhel -> redhat, ...).") String platform,
        @NonNull String platformVersion,
        @NonNull String arch,
        @NonNull String account,
        @NonNull String region,
        @NonNull List<@NonNull Tag> tags,
        String agentVersion,
        @NonNull OffsetDateTime registeredAt,
        OffsetDateTime lastSeen,
        @Description("Seen within the online cutoff (DISTRIBUTOR_AGENT_ONLINE_CUTOFF).") boolean online,
        @Description("When rotateAgentToken asked for a new agent token that the agent has not used yet; null when no "
                + "rotation is pending (it clears when the agent first calls with its new token).") OffsetDateTime tokenRotationRequestedAt) {
}
