package dev.distributor.ssm.inventory;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.work.UnitOfWork;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;
import dev.distributor.ssm.inventory.repository.SsmInventoryRepository;

/** Reading what the inventory sync recorded of SSM instances. */
@ApplicationScoped
public class SsmInstanceReads {

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final SsmInventoryRepository repository;

    public SsmInstanceReads(AccessControl access, UnitOfWork unitOfWork, SsmInventoryRepository repository) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.repository = repository;
    }

    /** The row of each instance id (null where there is none), in the order given; one query for all. */
    public Uni<List<SyncedInstance>> of(List<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return access.require(Permission.VIEW, "target.ssm")
                .chain(viewer -> unitOfWork.read(session -> repository.find(session, instanceIds)))
                .map(rows -> {
                    Map<String, SyncedInstance> byId = rows.stream()
                            .collect(Collectors.toMap(SyncedInstance::instanceId, Function.identity()));
                    return instanceIds.stream().map(byId::get).toList();
                });
    }
}
