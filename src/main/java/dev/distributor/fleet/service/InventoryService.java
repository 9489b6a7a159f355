package dev.distributor.fleet.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.repository.InstalledPackageRepository;
import dev.distributor.fleet.repository.TargetRepository;
import dev.distributor.security.AccessControl;

/** Stores what an agent reports it has installed: the full list replaces what was known. */
@ApplicationScoped
public class InventoryService {

    /** A report; null facts are left as they were. */
    public record Inventory(List<String> installed, String platformVersion, String agentVersion, String hostname) {
    }

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final TargetRepository targets;
    private final InstalledPackageRepository installedPackages;

    public InventoryService(AccessControl access, UnitOfWork unitOfWork, TargetRepository targets,
            InstalledPackageRepository installedPackages) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.targets = targets;
        this.installedPackages = installedPackages;
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
                (session, actor) -> targets.updateReportedFacts(session, instanceId, platformVersion, agentVersion,
                        hostname)
                        .chain(() -> installedPackages.deleteUnreported(session, instanceId, names))
                        .chain(() -> installedPackages.upsertReported(session, instanceId, installed))
                        .replaceWith(Boolean.TRUE),
                done -> Map.of("installed", installed))
                .replaceWithVoid();
    }
}
