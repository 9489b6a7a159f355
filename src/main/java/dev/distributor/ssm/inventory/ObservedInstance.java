package dev.distributor.ssm.inventory;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One instance as SSM listed it in this sync: the fields of DescribeInstanceInformation's {@code InstanceInformation}
 * (AWS API reference) the service keeps, and its tags from ListTagsForResource.
 *
 * @param pingStatus Online | ConnectionLost | Inactive
 * @param lastPingAt when the SSM agent last pinged SSM; null when SSM did not say
 * @param resourceType ManagedInstance (hybrid, {@code mi-}) | EC2Instance ({@code i-})
 * @param name the name given to a hybrid instance at activation; null for EC2
 * @param tags the instance's tags, or null when they were not read: EC2 instances' tags live in the EC2 API, which the
 *        service does not call, and a ListTagsForResource that failed for one instance leaves its tags as they were
 */
public record ObservedInstance(String instanceId, String pingStatus, OffsetDateTime lastPingAt, String platformType,
        String platformName, String platformVersion, String resourceType, String computerName, String ipAddress,
        String agentVersion, String name, Map<String, String> tags) {

    /** SSM's ping status of an instance whose agent is connected. */
    public static final String ONLINE = "Online";

    public boolean online() {
        return ONLINE.equals(pingStatus);
    }

    public boolean tagsKnown() {
        return tags != null;
    }

    /** The same instance with these tags (read after the listing). */
    public ObservedInstance withTags(Map<String, String> read) {
        return new ObservedInstance(instanceId, pingStatus, lastPingAt, platformType, platformName, platformVersion,
                resourceType, computerName, ipAddress, agentVersion, name, read);
    }
}
