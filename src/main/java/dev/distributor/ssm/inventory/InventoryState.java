package dev.distributor.ssm.inventory;

import java.util.Map;

/**
 * What the database holds for one instance id before a sync writes: its target row (any driver) and, if the sync saw
 * it before, its {@code ssm_instance} row.
 *
 * @param driver the target's driver, {@code AGENT} or {@code SSM}
 * @param deregistered the target left the fleet (an operator's deregisterTarget, or the sync's gone marking)
 * @param known an {@code ssm_instance} row exists
 * @param syncedTags the SSM tags the last sync put on the target (empty when not known)
 * @param gone the last sync found the instance no longer listed
 */
public record InventoryState(String instanceId, String driver, Map<String, String> tags, String arch,
        boolean deregistered, boolean known, Map<String, String> syncedTags, boolean gone) {

    public boolean agentTarget() {
        return !"SSM".equals(driver);
    }
}
