package dev.distributor.rollout.rollback;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.domain.ArtifactEntity;
import dev.distributor.catalog.domain.PackageVersionEntity;
import dev.distributor.catalog.manifest.FileSelection;
import dev.distributor.catalog.manifest.FileSelector;
import dev.distributor.catalog.manifest.Manifest;
import dev.distributor.catalog.manifest.StoredManifest;
import dev.distributor.catalog.repository.ArtifactRepository;
import dev.distributor.catalog.repository.PackageRepository;
import dev.distributor.catalog.repository.VersionRepository;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.fleet.domain.InstalledPackageEntity;
import dev.distributor.fleet.domain.TargetEntity;
import dev.distributor.fleet.repository.TargetRepository;
import dev.distributor.fleet.service.Liveness;
import dev.distributor.rollout.domain.DeploymentAction;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.InstallType;
import dev.distributor.rollout.domain.InvocationEntity;
import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.Journal;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RolloutEvent;
import dev.distributor.rollout.domain.RolloutState;
import dev.distributor.rollout.domain.RunTrigger;
import dev.distributor.rollout.domain.TargetSelector;
import dev.distributor.rollout.engine.Counts;
import dev.distributor.rollout.engine.Withdrawals;
import dev.distributor.rollout.repository.InvocationRepository;
import dev.distributor.rollout.repository.RolloutRepository;
import dev.distributor.rollout.rollback.RollbackRule.Action;
import dev.distributor.rollout.rollback.RollbackRule.Decision;
import dev.distributor.rollout.rollback.RollbackRule.Installed;
import dev.distributor.rollout.service.RunStarter;

/**
 * Rollback runs (docs/ROLLOUTS.md, "Rollback"): a new run of the same deployment that puts back, target by target,
 * what another run changed ({@link RollbackRule}), in one wave with no error threshold (it tries every target), linked
 * both ways with the run it puts back. The caller holds the transaction, the original run's row lock and the
 * deployment's (so two replicas never number a run alike).
 */
@ApplicationScoped
public class RollbackRuns {

    /**
     * How the reason of a rollback run's invocation starts when its target cannot be put back (the previous version was
     * deleted, or has no file for the target's platform): it is FAILED from the start and a retry leaves it so.
     */
    public static final String CANNOT_PUT_BACK = "cannot put back: ";

    private final RolloutRepository rollouts;
    private final InvocationRepository invocations;
    private final TargetRepository targets;
    private final PackageRepository packages;
    private final VersionRepository versions;
    private final ArtifactRepository artifacts;
    private final Liveness liveness;
    private final RunStarter runs;
    private final Withdrawals withdrawals;

    public RollbackRuns(RolloutRepository rollouts, InvocationRepository invocations, TargetRepository targets,
            PackageRepository packages, VersionRepository versions, ArtifactRepository artifacts, Liveness liveness,
            RunStarter runs, Withdrawals withdrawals) {
        this.rollouts = rollouts;
        this.invocations = invocations;
        this.targets = targets;
        this.packages = packages;
        this.versions = versions;
        this.artifacts = artifacts;
        this.liveness = liveness;
        this.runs = runs;
        this.withdrawals = withdrawals;
    }

    /**
     * The one way a run is rolled back, by the engine ({@code onFailure: ROLLBACK}) or on demand: a run still going is
     * stopped first (what no host started is cancelled with {@code stopReason}), its rollback run starts ({@link
     * #start}), {@code move} changes the run's state with its own event, reason and journal entry (given the rollback
     * run), then the run's reason names the rollback run, and when that one ended at once (nothing to put back) the
     * run moves to ROLLED_BACK too. The caller holds the deployment's and the run's row locks.
     *
     * @return the rollback run
     */
    public Uni<RolloutEntity> stopAndStart(Mutiny.Session session, RolloutEntity original, DeploymentEntity deployment,
            Journal journal, OffsetDateTime now, String requestedBy, String reason, String stopReason,
            Consumer<RolloutEntity> move) {
        Uni<Void> stop = original.state.finished()
                ? Uni.createFrom().voidItem()
                : withdrawals.cancelUnstarted(session, original, deployment, journal, now, stopReason);
        return stop.chain(() -> start(session, original, deployment, journal, now, requestedBy, reason))
                .invoke(rollback -> {
                    move.accept(rollback);
                    original.stateReason = rollingBackReason(original.stateReason, rollback.runNumber);
                    original.updatedAt = now;
                    if (rollback.state == RolloutState.ROLLED_BACK) {
                        // Nothing to put back: the rollback run ended at once, and so does the run.
                        putBack(original, rollback, journal, now);
                    }
                });
    }

    /**
     * Starts the rollback run of {@code original} now: numbered after the deployment's last run, RUNNING (or
     * ROLLED_BACK at once when there is nothing to put back), its events written. The two runs are linked
     * ({@code rollbackOf}, {@code rolledBackBy}); {@code originalJournal} gets ROLLBACK_STARTED, and the original's
     * reason says which run rolls it back. Moving the original to ROLLED_BACK when the rollback run ended at once is
     * the caller's ({@link #putBack}), after its own state change.
     *
     * @param requestedBy who asked (null: the engine, for {@code onFailure: ROLLBACK})
     * @param reason why, for the events
     */
    public Uni<RolloutEntity> start(Mutiny.Session session, RolloutEntity original, DeploymentEntity deployment,
            Journal originalJournal, OffsetDateTime now, String requestedBy, String reason) {
        return rollouts.lastRunNumber(session, deployment.id)
                .map(last -> {
                    RolloutEntity rollback = RunStarter.newRun(deployment, last + 1, RunTrigger.ROLLBACK, now);
                    rollback.rollbackOf = original.id;
                    if (requestedBy != null) {
                        rollback.createdBy = requestedBy;
                    }
                    return rollback;
                })
                .call(session::persist)
                .call(rollback -> {
                    original.rolledBackBy = rollback.id;
                    original.updatedAt = now;
                    Map<String, Object> started = new LinkedHashMap<>();
                    started.put("rollbackRunId", rollback.id.toString());
                    started.put("rollbackRun", rollback.runNumber);
                    started.put("reason", reason);
                    originalJournal.rollout("ROLLBACK_STARTED", started);
                    return new Composition(session, original, deployment, rollback, now).invocations()
                            .chain(composed -> {
                                Journal journal = new Journal(rollback, now);
                                Map<String, Object> details = new LinkedHashMap<>();
                                details.put("rollbackOf", original.id.toString());
                                details.put("rollbackOfRun", original.runNumber);
                                details.put("reason", reason);
                                return runs.begin(session, rollback, composed.launch(), composed.invocations(),
                                        journal, now, null, details)
                                        .call(() -> journal.write(session));
                            });
                });
    }

    /**
     * The rollback run ended ROLLED_BACK: the run it put back (locked here) moves to ROLLED_BACK in the same
     * transaction, journaling ROLLOUT_ROLLED_BACK.
     */
    public Uni<Void> putBack(Mutiny.Session session, RolloutEntity rollback, OffsetDateTime now) {
        return rollouts.lock(session, rollback.rollbackOf).chain(original -> {
            if (original == null) {
                return Uni.createFrom().voidItem();
            }
            Journal journal = new Journal(original, now);
            putBack(original, rollback, journal, now);
            return journal.write(session);
        });
    }

    /** As {@link #putBack(Mutiny.Session, RolloutEntity, OffsetDateTime)}, with the original locked by the caller. */
    public static void putBack(RolloutEntity original, RolloutEntity rollback, Journal journal, OffsetDateTime now) {
        original.on(RolloutEvent.PUT_BACK);
        original.stateReason = "rolled back by run " + rollback.runNumber;
        original.updatedAt = now;
        journal.rollout("ROLLOUT_ROLLED_BACK", Map.of("rolledBackBy", rollback.id.toString(), "rollbackRun",
                rollback.runNumber));
    }

    /**
     * The rollback run ended without putting every target back (some failed, or it was cancelled): the run it puts
     * back stays as it was, its reason saying so (a retry of a failed rollback run may still finish the job).
     *
     * @param how how the rollback run ended, in words ("rollback failed on 2 of 5 targets", "cancelled by ...")
     */
    public Uni<Void> notPutBack(Mutiny.Session session, RolloutEntity rollback, String how, OffsetDateTime now) {
        if (rollback.rollbackOf == null) {
            return Uni.createFrom().voidItem();
        }
        return rollouts.lock(session, rollback.rollbackOf).invoke(original -> {
            if (original != null) {
                String before = withoutRollbackNote(original.stateReason);
                original.stateReason = (before.isEmpty() ? "" : before + "; ") + "rollback run " + rollback.runNumber
                        + ": " + how;
                original.updatedAt = now;
            }
        }).replaceWithVoid();
    }

    /** A rollback run's invocation whose target cannot be put back: no retry can send it a file. */
    public static boolean cannotPutBack(InvocationEntity invocation) {
        return invocation.status == InvocationStatus.FAILED && invocation.statusReason != null
                && invocation.statusReason.startsWith(CANNOT_PUT_BACK);
    }

    /**
     * The rollback run was cancelled: the run it was putting back (locked here) has no rollback any more, so it may be
     * retried or rolled back again; its reason says which run was cancelled and by whom.
     */
    public Uni<Void> cancelled(Mutiny.Session session, RolloutEntity rollback, String by, OffsetDateTime now) {
        if (rollback.rollbackOf == null) {
            return Uni.createFrom().voidItem();
        }
        return rollouts.lock(session, rollback.rollbackOf).invoke(original -> {
            if (original == null) {
                return;
            }
            if (rollback.id.equals(original.rolledBackBy)) {
                original.rolledBackBy = null;
            }
            String before = withoutRollbackNote(original.stateReason);
            original.stateReason = (before.isEmpty() ? "" : before + "; ") + "rollback run " + rollback.runNumber
                    + " cancelled by " + by;
            original.updatedAt = now;
        }).replaceWithVoid();
    }

    /** How a run being rolled back says so in its reason, after what it said before. */
    public static String rollingBackReason(String reason, int rollbackRun) {
        String before = withoutRollbackNote(reason);
        return (before.isEmpty() ? "" : before + "; ") + "rolling back in run " + rollbackRun;
    }

    private static String withoutRollbackNote(String reason) {
        if (reason == null) {
            return "";
        }
        for (String note : new String[]{"rolling back in run ", "rollback run "}) {
            int at = reason.indexOf(note);
            if (at >= 0) {
                String before = reason.substring(0, at);
                return before.endsWith("; ") ? before.substring(0, before.length() - 2) : before;
            }
        }
        return reason;
    }

    /** The state reason of a rollback run that ends with {@code counts}, and whether every target was put back. */
    public static Ending ending(Counts counts) {
        int failed = counts.errors();
        int attempted = counts.total() - counts.total(InvocationStatus.SKIPPED);
        if (failed == 0) {
            return new Ending(true, "put back " + counts.total(InvocationStatus.SUCCESS) + " target(s), "
                    + counts.total(InvocationStatus.SKIPPED) + " already as before"
                    + (counts.total(InvocationStatus.CANCELLED) > 0
                            ? ", " + counts.total(InvocationStatus.CANCELLED) + " cancelled"
                            : ""));
        }
        return new Ending(false, "rollback failed on " + failed + " of " + attempted + " targets");
    }

    /** How a finished rollback run ends: ROLLED_BACK when {@code putBack}, else FAILED; with its reason. */
    public record Ending(boolean putBack, String reason) {

        public RolloutEvent event() {
            return putBack ? RolloutEvent.ROLLBACK_SUCCEEDED : RolloutEvent.ROLLBACK_FAILED;
        }
    }

    /** The rollback run's invocations and launch facts. */
    record Composed(RunStarter.Launch launch, List<InvocationEntity> invocations) {
    }

    /** One composition of a rollback run from the original's invocations and the fleet as it is now. */
    private final class Composition {
        private final Mutiny.Session session;
        private final RolloutEntity original;
        private final DeploymentEntity deployment;
        private final RolloutEntity rollback;
        private final OffsetDateTime now;
        private final Map<String, Manifest> manifests = new HashMap<>();

        Composition(Mutiny.Session session, RolloutEntity original, DeploymentEntity deployment,
                RolloutEntity rollback, OffsetDateTime now) {
            this.session = session;
            this.original = original;
            this.deployment = deployment;
            this.rollback = rollback;
            this.now = now;
        }

        Uni<Composed> invocations() {
            // Every status, filtered here: the session's copies carry this transaction's changes (a stop's
            // cancellations) that a query on status would not see before a flush.
            return invocations.inStatus(session, original.id, List.of(InvocationStatus.values()))
                    .chain(all -> {
                        List<InvocationEntity> changed = all.stream()
                                .filter(i -> RollbackRule.mayHaveChanged(i.status, i.startedAt != null
                                        || i.step != null))
                                .sorted(Comparator.<InvocationEntity>comparingInt(i -> i.wave)
                                        .thenComparingInt(i -> i.position))
                                .toList();
                        if (changed.isEmpty()) {
                            return Uni.createFrom().item(new Composed(launch(List.of(), 0).withOffline(0), List.of()));
                        }
                        List<String> ids = changed.stream().map(i -> i.instanceId).toList();
                        return packages.findByName(session, deployment.packageName)
                                .onItem().ifNull().failWith(() -> new DistributorException(
                                        ErrorCode.PACKAGE_NOT_FOUND, "No package is named "
                                                + deployment.packageName + "."))
                                .chain(pkg -> targets.search(session, new TargetSelector(ids, null, null, null, null)
                                        .toFilter(), liveness.onlineCutoff(), null, ids.size() + 1)
                                        .chain(live -> targets.installedOf(session, deployment.packageName, ids)
                                                .chain(installed -> compose(pkg.id, changed, byId(live),
                                                        byTarget(installed)))));
                    });
        }

        private Uni<Composed> compose(long packageId, List<InvocationEntity> changed, Map<String, TargetEntity> live,
                Map<String, InstalledPackageEntity> installed) {
            Map<InvocationEntity, Decision> decisions = new LinkedHashMap<>();
            Map<InvocationEntity, Installed> now = new HashMap<>();
            Set<String> names = new LinkedHashSet<>();
            for (InvocationEntity invocation : changed) {
                InstalledPackageEntity row = installed.get(invocation.instanceId);
                Installed has = RollbackRule.installedNow(InvocationStatus.OUT.contains(invocation.status),
                        invocation.actionOf(deployment), invocation.version, row == null ? null : row.version,
                        row == null ? null : row.status);
                Decision decision = RollbackRule.decide(invocation.previousVersion, has.version(), has.state());
                decisions.put(invocation, decision);
                now.put(invocation, has);
                if (decision.version() != null) {
                    names.add(decision.version());
                }
                if (has.version() != null) {
                    names.add(has.version());
                }
            }
            return loadManifests(packageId, names)
                    .chain(() -> {
                        Set<String> shas = new LinkedHashSet<>();
                        manifests.values().forEach(manifest -> shas.addAll(manifest.files().values()));
                        return artifacts.findAll(session, shas);
                    })
                    .map(stored -> {
                        List<InvocationEntity> created = new ArrayList<>(changed.size());
                        int position = 0;
                        for (InvocationEntity from : changed) {
                            created.add(invocation(from, live.get(from.instanceId), decisions.get(from),
                                    now.get(from), stored, ++position));
                        }
                        int runnable = (int) created.stream()
                                .filter(i -> i.status == InvocationStatus.PENDING).count();
                        long offline = created.stream()
                                .filter(i -> live.containsKey(i.instanceId) && !online(live.get(i.instanceId)))
                                .count();
                        return new Composed(launch(created, runnable).withOffline(offline), created);
                    });
        }

        /** One wave of every runnable target, the deployment's concurrency, and no error threshold. */
        private LaunchBuilder launch(List<InvocationEntity> created, int runnable) {
            Set<String> versionsInstalled = new LinkedHashSet<>();
            boolean uninstalls = false;
            for (InvocationEntity invocation : created) {
                if (invocation.status != InvocationStatus.PENDING) {
                    continue;
                }
                if (invocation.action == DeploymentAction.UNINSTALL) {
                    uninstalls = true;
                } else {
                    versionsInstalled.add(invocation.version);
                }
            }
            // One version put back everywhere names the run; several, or uninstalls, leave it to each invocation.
            String version = !uninstalls && versionsInstalled.size() == 1 ? versionsInstalled.iterator().next() : null;
            // maxErrors counts every target, those that cannot be put back included: no threshold stops a rollback.
            return new LaunchBuilder(version, runnable == 0 ? List.of() : List.of(runnable),
                    runnable == 0 ? 0 : deployment.strategy().concurrencyFor(runnable), created.size());
        }

        private InvocationEntity invocation(InvocationEntity from, TargetEntity target, Decision decision,
                Installed has, Map<String, ArtifactEntity> stored, int position) {
            InvocationEntity invocation = new InvocationEntity();
            invocation.id = UUID.randomUUID();
            invocation.rolloutId = rollback.id;
            invocation.instanceId = from.instanceId;
            invocation.packageName = from.packageName;
            invocation.driver = target == null ? from.driver : target.driver;
            invocation.position = position;
            invocation.updatedAt = now;
            invocation.version = decision.version();
            invocation.action = decision.action() == Action.UNINSTALL
                    ? DeploymentAction.UNINSTALL
                    : DeploymentAction.INSTALL;
            invocation.installType = InstallType.REINSTALL;
            invocation.previousVersion = has.version();
            if (target == null) {
                return skipped(invocation, "TARGET_DEREGISTERED: the target is no longer registered");
            }
            invocation.previousFileSha256 = has.version() == null ? null : fileOf(has.version(), target).sha256();
            switch (decision.action()) {
                case SKIP :
                    return skipped(invocation, decision.skipReason() + ": " + decision.detail());
                case UNINSTALL :
                    // An uninstall runs the installed file's uninstall script: that file is sent.
                    invocation.fileSha256 = invocation.previousFileSha256;
                    break;
                default :
                    // The target still runs what the run left there: not "as before", so the rollback cannot succeed.
                    if (!manifests.containsKey(decision.version())) {
                        return cannotPutBack(invocation, "VERSION_NOT_FOUND: " + decision.version()
                                + " is no longer in the catalog");
                    }
                    FileSelection selection = fileOf(decision.version(), target);
                    if (!selection.found()) {
                        return cannotPutBack(invocation, "NO_FILE_FOR_PLATFORM: " + selection.reason());
                    }
                    invocation.fileName = selection.file();
                    invocation.fileSha256 = selection.sha256();
            }
            ArtifactEntity artifact = invocation.fileSha256 == null ? null : stored.get(invocation.fileSha256);
            invocation.fileSize = artifact == null ? null : artifact.size;
            invocation.wave = 1;
            invocation.status = InvocationStatus.PENDING;
            return invocation;
        }

        private InvocationEntity skipped(InvocationEntity invocation, String reason) {
            invocation.wave = 0;
            invocation.status = InvocationStatus.SKIPPED;
            invocation.statusReason = reason;
            invocation.finishedAt = now;
            return invocation;
        }

        /** A target that needs its previous version back but cannot get it: FAILED at once, never sent a command. */
        private InvocationEntity cannotPutBack(InvocationEntity invocation, String why) {
            invocation.wave = 0;
            invocation.status = InvocationStatus.FAILED;
            invocation.statusReason = CANNOT_PUT_BACK + why;
            invocation.finishedAt = now;
            return invocation;
        }

        private FileSelection fileOf(String version, TargetEntity target) {
            Manifest manifest = manifests.get(version);
            if (manifest == null) {
                return new FileSelection(null, null, null, null, null, version + " is no longer in the catalog");
            }
            return FileSelector.select(manifest, target.platform, target.platformVersion, target.arch);
        }

        private boolean online(TargetEntity target) {
            return liveness.isOnline(liveness.unflushed(target.instanceId).orElse(target.lastSeen), now);
        }

        /** Manifests of the versions involved, whatever their state: a DEPRECATED previous version is put back too. */
        private Uni<Void> loadManifests(long packageId, Set<String> names) {
            if (names.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return Multi.createFrom().iterable(names)
                    .onItem().transformToUniAndConcatenate(name -> versions.find(session, packageId, name)
                            .invoke((PackageVersionEntity found) -> {
                                if (found != null) {
                                    manifests.put(name, StoredManifest.read(found.manifest));
                                }
                            }))
                    .collect().last()
                    .replaceWithVoid();
        }
    }

    /** The launch facts before the offline count is known. */
    private record LaunchBuilder(String version, List<Integer> waveSizes, int maxConcurrency, int maxErrors) {

        RunStarter.Launch withOffline(long offline) {
            return new RunStarter.Launch(version, waveSizes, maxConcurrency, maxErrors, offline, List.of());
        }
    }

    private static Map<String, TargetEntity> byId(List<TargetEntity> live) {
        Map<String, TargetEntity> byId = new HashMap<>();
        live.forEach(target -> byId.put(target.instanceId, target));
        return byId;
    }

    private static Map<String, InstalledPackageEntity> byTarget(List<InstalledPackageEntity> rows) {
        Map<String, InstalledPackageEntity> byTarget = new HashMap<>();
        rows.forEach(row -> byTarget.put(row.instanceId, row));
        return byTarget;
    }
}
