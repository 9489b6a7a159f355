package dev.distributor.fleet.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.domain.InstalledPackageState;
import dev.distributor.fleet.domain.NewTargetEvent;
import dev.distributor.fleet.repository.InstalledPackageRepository;
import dev.distributor.fleet.repository.TargetRepository;
import dev.distributor.security.AccessControl;

/** Stores what an agent reports it has installed: the full list replaces what was known. */
@ApplicationScoped
public class InventoryService {

    /**
     * A report: {@code installed} as {@code <package>=<version>} values, {@code broken} the names of those a failed
     * rollback left BROKEN; null facts are left as they were.
     */
    public record Inventory(List<String> installed, List<String> broken, String platformVersion, String agentVersion,
            String hostname) {
    }

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final TargetRepository targets;
    private final InstalledPackageRepository installedPackages;
    private final TargetJournal journal;

    public InventoryService(AccessControl access, UnitOfWork unitOfWork, TargetRepository targets,
            InstalledPackageRepository installedPackages, TargetJournal journal) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.targets = targets;
        this.installedPackages = installedPackages;
        this.journal = journal;
    }

    public Uni<Void> replace(String instanceId, Inventory report) {
        Map<String, String> installed = AgentFacts.installed(report.installed());
        Set<String> broken = AgentFacts.broken(report.broken(), installed);
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
                (session, actor) -> targets.installedOn(session, List.of(instanceId))
                        .call(() -> targets.updateReportedFacts(session, instanceId, platformVersion, agentVersion,
                                hostname))
                        .call(() -> installedPackages.deleteUnreported(session, instanceId, names))
                        .call(() -> installedPackages.upsertReported(session, instanceId, installed, broken))
                        .call(before -> {
                            Map<String, String> was = new HashMap<>();
                            Set<String> wasBroken = new HashSet<>();
                            before.forEach(row -> {
                                was.put(row.packageName, row.version);
                                if (row.status == InstalledPackageState.BROKEN) {
                                    wasBroken.add(row.packageName);
                                }
                            });
                            return journal.record(session, changes(instanceId, was, wasBroken, installed, broken));
                        })
                        .replaceWith(Boolean.TRUE),
                done -> broken.isEmpty()
                        ? Map.of("installed", installed)
                        : Map.of("installed", installed, "broken", List.copyOf(broken)))
                .replaceWithVoid();
    }

    /** One INSTALLED_CHANGED event per package whose version differs (added, removed or changed), by name. */
    static List<NewTargetEvent> changes(String instanceId, Map<String, String> before, Map<String, String> after) {
        return changes(instanceId, before, Set.of(), after, Set.of());
    }

    /**
     * One INSTALLED_CHANGED event per package whose version or state differs (added, removed, changed, broken or
     * repaired), by name; an event that involves a BROKEN state carries both states.
     */
    static List<NewTargetEvent> changes(String instanceId, Map<String, String> before, Set<String> brokenBefore,
            Map<String, String> after, Set<String> brokenAfter) {
        List<NewTargetEvent> events = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            String from = before.get(name);
            String to = after.get(name);
            InstalledPackageState fromState = state(from, brokenBefore.contains(name));
            InstalledPackageState toState = state(to, brokenAfter.contains(name));
            boolean brokenInvolved = fromState == InstalledPackageState.BROKEN
                    || toState == InstalledPackageState.BROKEN;
            if (!Objects.equals(from, to) || fromState != toState) {
                events.add(brokenInvolved
                        ? NewTargetEvent.installedChanged(instanceId, name, from, to, fromState, toState)
                        : NewTargetEvent.installedChanged(instanceId, name, from, to));
            }
        }
        return events;
    }

    private static InstalledPackageState state(String version, boolean broken) {
        if (version == null) {
            return null;
        }
        return broken ? InstalledPackageState.BROKEN : InstalledPackageState.INSTALLED;
    }
}
