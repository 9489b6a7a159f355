package dev.distributor.fleet.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.security.AccessControl;

/** Stores what an agent reports it has installed: the full list replaces what was known. */
@ApplicationScoped
public class InventoryService {

    /** A report; null facts are left as they were. */
    public record Inventory(List<String> installed, String platformVersion, String agentVersion, String hostname) {
    }

    private final AccessControl access;
    private final UnitOfWork unitOfWork;

    public InventoryService(AccessControl access, UnitOfWork unitOfWork) {
        this.access = access;
        this.unitOfWork = unitOfWork;
    }

    public Uni<Void> replace(String instanceId, Inventory report) {
        Map<String, String> installed = AgentFacts.installed(report.installed());
        String platformVersion = report.platformVersion() == null || report.platformVersion().isEmpty()
                ? null
                : AgentFacts.platformVersion(report.platformVersion());
        String agentVersion = report.agentVersion() == null || report.agentVersion().isEmpty()
                ? null
                : AgentFacts.agentVersion(report.agentVersion());
        String hostname = report.hostname() == null || report.hostname().isEmpty()
                ? null
                : AgentFacts.hostname(report.hostname());
        List<String> names = new ArrayList<>(installed.keySet());
        return unitOfWork.change(new Actor(instanceId, instanceId), "target.inventory", "target/" + instanceId,
                (session, actor) -> session.createNativeQuery("""
                        update target set platform_version = coalesce(cast(:platformVersion as text), platform_version),
                                          agent_version = coalesce(cast(:agentVersion as text), agent_version),
                                          name = coalesce(cast(:hostname as text), name)
                        where instance_id = :instanceId
                        """)
                        .setParameter("platformVersion", platformVersion)
                        .setParameter("agentVersion", agentVersion)
                        .setParameter("hostname", hostname)
                        .setParameter("instanceId", instanceId)
                        .executeUpdate()
                        .chain(() -> session.createNativeQuery("""
                                delete from installed_package
                                where instance_id = :instanceId
                                  and not (package_name = any (cast(string_to_array(:names, ',') as text[])))
                                """)
                                .setParameter("instanceId", instanceId)
                                .setParameter("names", String.join(",", names))
                                .executeUpdate())
                        .chain(() -> RegistrationService.insertInstalled(session, instanceId, installed))
                        .replaceWith(Boolean.TRUE),
                done -> Map.of("installed", installed))
                .replaceWithVoid();
    }
}
