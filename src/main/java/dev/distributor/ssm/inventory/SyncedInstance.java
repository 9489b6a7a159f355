package dev.distributor.ssm.inventory;

import java.time.OffsetDateTime;

/**
 * What the inventory sync recorded of one SSM instance ({@code ssm_instance}): SSM's own fields, when the sync that
 * wrote them read SSM, and since when SSM no longer lists it (null while it does).
 */
public record SyncedInstance(String instanceId, String pingStatus, OffsetDateTime lastPingAt, String platformType,
        String platformName, String resourceType, String computerName, String ipAddress, String agentVersion,
        OffsetDateTime syncedAt, OffsetDateTime goneAt) {
}
