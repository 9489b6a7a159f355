package dev.distributor.rollout.plan;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.domain.ArtifactEntity;
import dev.distributor.catalog.domain.PackageEntity;
import dev.distributor.catalog.domain.PackageVersionEntity;
import dev.distributor.catalog.domain.VersionState;
import dev.distributor.catalog.manifest.FileSelection;
import dev.distributor.catalog.manifest.FileSelector;
import dev.distributor.catalog.manifest.Manifest;
import dev.distributor.catalog.manifest.StoredManifest;
import dev.distributor.catalog.repository.ArtifactRepository;
import dev.distributor.catalog.repository.PackageRepository;
import dev.distributor.catalog.repository.VersionRepository;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.time.ServiceClock;
import dev.distributor.fleet.Arguments;
import dev.distributor.fleet.domain.InstalledPackageEntity;
import dev.distributor.fleet.domain.InstalledPackageState;
import dev.distributor.fleet.domain.TargetEntity;
import dev.distributor.fleet.repository.TargetRepository;
import dev.distributor.fleet.service.Liveness;
import dev.distributor.rollout.domain.DeploymentAction;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.InstallType;
import dev.distributor.rollout.domain.Strategy;
import dev.distributor.rollout.domain.TargetSelector;
import dev.distributor.rollout.repository.PlanningRepository;
import dev.distributor.rollout.schedule.MaintenanceWindows;

/**
 * Resolves a deployment against the fleet and the catalog as they are now: the concrete version, the file each
 * selected target gets (with the same {@link FileSelector} an AWS agent's choice follows) or why it is skipped, who is
 * offline, conflicts with running rollouts, and the waves. The UI's "plan" and the start of a run use this one path.
 */
@ApplicationScoped
public class Planner {

    /** More targets than this in one deployment is refused rather than planned in one transaction. */
    public static final int MAX_TARGETS = 50_000;

    /**
     * Whether a target skips installing {@code version} as ALREADY_INSTALLED: it has that version recorded INSTALLED
     * (never BROKEN: a failed rollback left the host in an unknown state) with the same arguments' hash, and the file
     * has no validate script (with one the host decides, DESIGN.md §4.6: it skips only if validate passes).
     *
     * @param installed the target's row for the package, or null
     */
    static boolean skipsAsInstalled(String version, String argumentsHash, InstalledPackageEntity installed,
            boolean validateScript) {
        return installed != null && installed.status != InstalledPackageState.BROKEN
                && version.equals(installed.version) && argumentsHash.equals(installed.argumentsHash)
                && !validateScript;
    }

    private final PackageRepository packages;
    private final VersionRepository versions;
    private final ArtifactRepository artifacts;
    private final TargetRepository targets;
    private final PlanningRepository planning;
    private final Liveness liveness;
    private final ServiceClock clock;

    public Planner(PackageRepository packages, VersionRepository versions, ArtifactRepository artifacts,
            TargetRepository targets, PlanningRepository planning, Liveness liveness, ServiceClock clock) {
        this.clock = clock;
        this.packages = packages;
        this.versions = versions;
        this.artifacts = artifacts;
        this.targets = targets;
        this.planning = planning;
        this.liveness = liveness;
    }

    /**
     * @param selector the deployment's parsed selector
     * @param excludeRollout the run being started, so it does not conflict with itself (null for a preview)
     */
    public Uni<Plan> plan(Mutiny.Session session, DeploymentEntity deployment, TargetSelector selector,
            UUID excludeRollout) {
        return packages.findByName(session, deployment.packageName)
                .onItem().ifNull().failWith(() -> new DistributorException(ErrorCode.PACKAGE_NOT_FOUND,
                        "No package is named " + deployment.packageName + "."))
                .chain(pkg -> resolveVersion(session, pkg, deployment)
                        .chain(version -> new Resolution(session, deployment, selector, excludeRollout, pkg,
                                version).run()));
    }

    private Uni<PackageVersionEntity> resolveVersion(Mutiny.Session session, PackageEntity pkg,
            DeploymentEntity deployment) {
        boolean uninstall = deployment.action == DeploymentAction.UNINSTALL;
        String name = deployment.followsDefault() ? pkg.defaultVersion : deployment.versionSpec;
        if (name == null) {
            if (uninstall) {
                return Uni.createFrom().nullItem();
            }
            return Uni.createFrom().failure(new DistributorException(ErrorCode.NO_DEFAULT_VERSION,
                    "Package " + pkg.name + " has no default version; publish a version or name one."));
        }
        if (uninstall && deployment.followsDefault()) {
            // Uninstalling "default" removes whatever each target has installed.
            return Uni.createFrom().nullItem();
        }
        return versions.find(session, pkg.id, name)
                .onItem().ifNull().failWith(() -> new DistributorException(ErrorCode.VERSION_NOT_FOUND,
                        "Package " + pkg.name + " has no version " + name + ".", Map.of("field", "version")))
                .invoke(version -> {
                    if (!uninstall && version.state != VersionState.PUBLISHED) {
                        throw new DistributorException(ErrorCode.INVALID_STATE, "Version " + name + " of "
                                + pkg.name + " is " + version.state + "; only a PUBLISHED version can be installed.",
                                Map.of("field", "version"));
                    }
                });
    }

    /** The state of one planning pass. */
    private final class Resolution {
        private final Mutiny.Session session;
        private final DeploymentEntity deployment;
        private final TargetSelector selector;
        private final UUID excludeRollout;
        private final PackageEntity pkg;
        private final PackageVersionEntity version;
        private final String argumentsHash;
        private final Map<String, Manifest> manifests = new HashMap<>();
        /** The service clock's now, which maintenance windows are read at (tests move it). */
        private OffsetDateTime serviceNow;

        Resolution(Mutiny.Session session, DeploymentEntity deployment, TargetSelector selector, UUID excludeRollout,
                PackageEntity pkg, PackageVersionEntity version) {
            this.session = session;
            this.deployment = deployment;
            this.selector = selector;
            this.excludeRollout = excludeRollout;
            this.pkg = pkg;
            this.version = version;
            this.argumentsHash = Arguments.hash(deployment.arguments);
            if (version != null) {
                // Stored versions were verified when they came in; a rule added since must not unpublish them.
                manifests.put(version.version, StoredManifest.read(version.manifest));
            }
        }

        Uni<Plan> run() {
            return clock.now(session)
                    .invoke(time -> serviceNow = time)
                    .chain(() -> planning.now(session))
                    .chain(now -> selectTargets()
                            .chain(selected -> planTargets(selected, now)));
        }

        private Uni<List<TargetEntity>> selectTargets() {
            return targets.search(session, selector.toFilter(), liveness.onlineCutoff(), null, MAX_TARGETS + 1)
                    .invoke(selected -> {
                        if (selected.size() > MAX_TARGETS) {
                            throw DistributorException.invalidInput("selector", "The selector matches more than "
                                    + MAX_TARGETS + " targets; narrow it or split the deployment.");
                        }
                    });
        }

        private Uni<Plan> planTargets(List<TargetEntity> selected, OffsetDateTime now) {
            return installed(selected)
                    .call(installed -> loadPreviousManifests(installed))
                    .chain(installed -> planning.openRolloutsByTarget(session, pkg.name, excludeRollout)
                            .chain(conflicts -> entries(selected, installed, conflicts, now)));
        }

        private Uni<Map<String, InstalledPackageEntity>> installed(List<TargetEntity> selected) {
            if (selected.isEmpty()) {
                return Uni.createFrom().item(Map.of());
            }
            return targets.installedOf(session, pkg.name, selected.stream().map(t -> t.instanceId).toList())
                    .map(rows -> {
                        Map<String, InstalledPackageEntity> byTarget = new HashMap<>();
                        rows.forEach(row -> byTarget.put(row.instanceId, row));
                        return byTarget;
                    });
        }

        /** Manifests of the versions targets have now, for the previous file of a reinstall or an uninstall. */
        private Uni<Void> loadPreviousManifests(Map<String, InstalledPackageEntity> installed) {
            Set<String> names = new LinkedHashSet<>();
            installed.values().forEach(row -> names.add(row.version));
            names.removeAll(manifests.keySet());
            return Multi.createFrom().iterable(names)
                    .onItem().transformToUniAndConcatenate(name -> versions.find(session, pkg.id, name)
                            .invoke(found -> {
                                if (found != null) {
                                    manifests.put(name, StoredManifest.read(found.manifest));
                                }
                            }))
                    .collect().last()
                    .replaceWithVoid();
        }

        private Uni<Plan> entries(List<TargetEntity> selected, Map<String, InstalledPackageEntity> installed,
                Map<String, List<UUID>> conflicts, OffsetDateTime now) {
            // Every file of the versions involved: sizes for the plan, scripts for the already-installed check.
            Set<String> shas = new LinkedHashSet<>();
            manifests.values().forEach(manifest -> shas.addAll(manifest.files().values()));
            return artifacts.findAll(session, shas).map(stored -> {
                List<PlanEntry> entries = new ArrayList<>(selected.size());
                for (TargetEntity target : selected) {
                    OffsetDateTime seen = liveness.unflushed(target.instanceId).orElse(target.lastSeen);
                    InstalledPackageEntity row = installed.get(target.instanceId);
                    PlanEntry entry = entry(target, row, liveness.isOnline(seen, now),
                            conflicts.getOrDefault(target.instanceId, List.of()), stored);
                    entries.add(row == null ? entry : entry.withInstalledState(row.status, brokenNote(row, entry)));
                }
                return finish(entries, stored);
            });
        }

        private PlanEntry entry(TargetEntity target, InstalledPackageEntity installed, boolean online,
                List<UUID> conflicts, Map<String, ArtifactEntity> stored) {
            String installedVersion = installed == null ? null : installed.version;
            String installedFile = installedVersion == null ? null : fileOf(installedVersion, target);
            if (deployment.action == DeploymentAction.UNINSTALL) {
                if (installedVersion == null) {
                    return PlanEntry.skipped(target, online, conflicts, null, SkipReason.NOT_INSTALLED,
                            pkg.name + " is not installed");
                }
                if (version != null && !version.version.equals(installedVersion)) {
                    return PlanEntry.skipped(target, online, conflicts, installedVersion,
                            SkipReason.OTHER_VERSION_INSTALLED, "has " + installedVersion + ", not " + version.version);
                }
                return PlanEntry.uninstall(target, online, conflicts, installedVersion, installedFile);
            }
            FileSelection selection = FileSelector.select(manifests.get(version.version), target.platform,
                    target.platformVersion, target.arch);
            if (!selection.found()) {
                return PlanEntry.skipped(target, online, conflicts, installedVersion, SkipReason.NO_FILE_FOR_PLATFORM,
                        selection.reason());
            }
            if (skipsAsInstalled(version.version, argumentsHash, installed,
                    hasValidateScript(stored.get(selection.sha256())))) {
                return PlanEntry.skipped(target, online, conflicts, installedVersion, SkipReason.ALREADY_INSTALLED,
                        version.version + " is installed with the same arguments");
            }
            return PlanEntry.install(target, online, conflicts, selection.file(), selection.sha256(),
                    installedVersion, installedFile);
        }

        private String brokenNote(InstalledPackageEntity installed, PlanEntry entry) {
            if (installed.status != InstalledPackageState.BROKEN || entry.skipped()) {
                return null;
            }
            return "installed copy is BROKEN (a rollback failed), so it is "
                    + (deployment.action == DeploymentAction.UNINSTALL ? "uninstalled" : "installed again");
        }

        private static boolean hasValidateScript(ArtifactEntity artifact) {
            return artifact != null && artifact.rootScripts.stream().anyMatch(name -> name.startsWith("validate."));
        }

        private String fileOf(String installedVersion, TargetEntity target) {
            Manifest manifest = manifests.get(installedVersion);
            if (manifest == null) {
                return null;
            }
            FileSelection selection = FileSelector.select(manifest, target.platform, target.platformVersion,
                    target.arch);
            return selection.sha256();
        }

        private Plan finish(List<PlanEntry> entries, Map<String, ArtifactEntity> stored) {
            Strategy strategy = deployment.strategy();
            int runnable = (int) entries.stream().filter(e -> !e.skipped()).count();
            List<Integer> sizes = strategy.waveSizes(runnable);
            List<PlanEntry> placed = new ArrayList<>(entries.size());
            int wave = 0;
            int leftInWave = 0;
            for (PlanEntry entry : entries) {
                PlanEntry sized = entry;
                if (entry.fileSha256() != null && stored.containsKey(entry.fileSha256())) {
                    sized = entry.withFileSize(stored.get(entry.fileSha256()).size);
                }
                if (entry.skipped()) {
                    placed.add(sized);
                    continue;
                }
                if (leftInWave == 0) {
                    leftInWave = sizes.get(wave++);
                }
                leftInWave--;
                placed.add(sized.inWave(wave));
            }
            // The windows are read at the service clock's time, the one the engine's window gate uses.
            MaintenanceWindows windows = MaintenanceWindows.fromJson(deployment.maintenanceWindows,
                    deployment.timeZone);
            return new Plan(pkg.name, version == null ? null : version.version, deployment.action.name(),
                    deployment.installType.name(), placed, sizes, strategy.concurrencyFor(runnable),
                    strategy.errorBudgetFor(runnable), warnings(placed, stored), windows.isOpen(serviceNow),
                    windows.nextOpening(serviceNow).orElse(null));
        }

        /** An in-place update needs the new file's update script; the agent fails the invocation without one. */
        private List<String> warnings(List<PlanEntry> entries, Map<String, ArtifactEntity> stored) {
            if (deployment.action != DeploymentAction.INSTALL || deployment.installType != InstallType.IN_PLACE) {
                return List.of();
            }
            Map<String, List<String>> withoutUpdate = new TreeMap<>();
            for (PlanEntry entry : entries) {
                ArtifactEntity artifact = entry.skipped() ? null : stored.get(entry.fileSha256());
                if (artifact != null && artifact.rootScripts.stream().noneMatch(n -> n.startsWith("update."))) {
                    withoutUpdate.computeIfAbsent(entry.fileName(), f -> new ArrayList<>()).add(entry.instanceId());
                }
            }
            List<String> warnings = new ArrayList<>();
            withoutUpdate.forEach((file, targets) -> warnings.add(file + " has no update script, so IN_PLACE will "
                    + "fail on the " + targets.size() + " target(s) that get it (" + String.join(", ",
                            targets.subList(0, Math.min(5, targets.size())))
                    + (targets.size() > 5 ? ", ..." : "") + "); deploy with REINSTALL or add update.sh/update.ps1."));
            return warnings;
        }
    }
}
