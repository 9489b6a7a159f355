package dev.distributor.ssm.inventory.graphql;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("SsmInstance")
@Description("What AWS Systems Manager last said of an SSM target (DescribeInstanceInformation, AWS API reference "
        + "InstanceInformation), as of the inventory sync at syncedAt. The sync runs every "
        + "DISTRIBUTOR_SSM_SYNC_INTERVAL.")
public record SsmInstanceType(
        @NonNull @Description("Online, ConnectionLost or Inactive. Only Online instances run commands; the target's "
                + "online field follows it (an Online instance is seen at every sync).") String pingStatus,
        @Description("When the SSM agent last pinged SSM; null when SSM did not say.") OffsetDateTime lastPingAt,
        @Description("Linux, Windows or MacOS.") String platformType,
        @Description("SSM's name of the OS, e.g. 'Ubuntu' or 'Amazon Linux'; the target's platform is mapped from it "
                + "('Amazon Linux' -> amazon, 'Red Hat Enterprise Linux' -> redhat, ...).") String platformName,
        @Description("ManagedInstance (a hybrid mi- instance) or EC2Instance.") String resourceType,
        String computerName,
        String ipAddress,
        @Description("The SSM agent's version (also the target's agentVersion).") String agentVersion,
        @NonNull @Description("When the sync that last wrote this row read SSM.") OffsetDateTime syncedAt,
        @Description("When a sync found SSM no longer listing the instance (deregistered or terminated): the target "
                + "was deregistered then, and comes back if SSM lists it again. Null while SSM lists it.") OffsetDateTime goneAt) {
}
