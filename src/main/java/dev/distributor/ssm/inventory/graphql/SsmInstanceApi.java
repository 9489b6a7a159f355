package dev.distributor.ssm.inventory.graphql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.domain.DriverKind;
import dev.distributor.fleet.graphql.TargetType;
import dev.distributor.ssm.inventory.SsmInstanceReads;
import dev.distributor.ssm.inventory.SyncedInstance;

/** Adds what SSM says of an SSM target to the fleet's Target type; the inventory lives in this feature. */
@GraphQLApi
public class SsmInstanceApi {

    private final SsmInstanceReads reads;

    public SsmInstanceApi(SsmInstanceReads reads) {
        this.reads = reads;
    }

    @Description("What AWS Systems Manager says of the instance; null for agent targets.")
    public Uni<List<SsmInstanceType>> ssm(@Source List<TargetType> owners) {
        List<String> ssmIds = owners.stream()
                .filter(owner -> owner.driver() == DriverKind.SSM)
                .map(TargetType::instanceId)
                .toList();
        if (ssmIds.isEmpty()) {
            return Uni.createFrom().item(Collections.<SsmInstanceType>nCopies(owners.size(), null));
        }
        return reads.of(ssmIds).map(rows -> {
            Map<String, SyncedInstance> byId = new HashMap<>();
            for (int i = 0; i < ssmIds.size(); i++) {
                byId.put(ssmIds.get(i), rows.get(i));
            }
            List<SsmInstanceType> result = new ArrayList<>(owners.size());
            owners.forEach(owner -> result.add(toType(byId.get(owner.instanceId()))));
            return result;
        });
    }

    private static SsmInstanceType toType(SyncedInstance row) {
        return row == null
                ? null
                : new SsmInstanceType(row.pingStatus(), row.lastPingAt(), row.platformType(), row.platformName(),
                        row.resourceType(), row.computerName(), row.ipAddress(), row.agentVersion(), row.syncedAt(),
                        row.goneAt());
    }
}
