package dev.distributor.fleet.service;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.Arguments;
import dev.distributor.fleet.domain.InstalledPackageState;
import dev.distributor.fleet.domain.NewTargetEvent;
import dev.distributor.fleet.repository.InstalledStateRepository;
import dev.distributor.fleet.repository.InstalledStateRepository.Recorded;

/**
 * What a finished install or uninstall leaves recorded on its host, whichever driver carried it (the agent's reports,
 * the SSM driver's polls): the installed state changes only on success (DESIGN.md §4.8); a failed automatic rollback
 * (final step {@code rollback}, not SUCCESS) leaves the package BROKEN at once rather than at the next inventory. Each
 * change of version or state is a fleet event (INSTALLED_CHANGED), recorded in the caller's transaction.
 */
@ApplicationScoped
public class CommandOutcomes {

    /** The final step of a command whose automatic rollback failed (docs/AGENT-PROTOCOL.md). */
    public static final String ROLLBACK_STEP = "rollback";

    /**
     * A command that ended.
     *
     * @param action INSTALL or UNINSTALL
     * @param succeeded whether it ended SUCCESS
     * @param step the step it ended at (the agent's STEP)
     */
    public record Finished(String instanceId, String packageName, String version, String action,
            Map<String, String> arguments, boolean succeeded, String step) {
    }

    private final InstalledStateRepository installed;
    private final TargetJournal journal;

    public CommandOutcomes(InstalledStateRepository installed, TargetJournal journal) {
        this.installed = installed;
        this.journal = journal;
    }

    /** Whether a command that ended so leaves its package BROKEN: its automatic rollback failed. */
    public static boolean leavesBroken(boolean succeeded, String step) {
        return !succeeded && ROLLBACK_STEP.equals(step);
    }

    /** Records what the finished command leaves on its host, in the caller's session and transaction. */
    public Uni<Void> record(Mutiny.Session session, Finished command) {
        if (command.succeeded()) {
            return recordSuccess(session, command);
        }
        return leavesBroken(false, command.step()) ? recordBroken(session, command) : Uni.createFrom().voidItem();
    }

    private Uni<Void> recordBroken(Mutiny.Session session, Finished command) {
        return installed.recordBroken(session, command.instanceId(), command.packageName(), command.version())
                .chain(before -> before.isPresent() && before.get().state() == InstalledPackageState.BROKEN
                        ? Uni.createFrom().voidItem()
                        : journal.record(session, List.of(NewTargetEvent.installedChanged(command.instanceId(),
                                command.packageName(), before.map(Recorded::version).orElse(null),
                                before.map(Recorded::version).orElse(command.version()),
                                before.map(Recorded::state).orElse(null), InstalledPackageState.BROKEN))));
    }

    private Uni<Void> recordSuccess(Mutiny.Session session, Finished command) {
        boolean uninstall = command.action().equals("UNINSTALL");
        String to = uninstall ? null : command.version();
        if (!uninstall) {
            // A broken copy repaired at the same version is a change too (its state), with both states.
            return installed.recordInstalled(session, command.instanceId(), command.packageName(), command.version(),
                    Arguments.hash(command.arguments()))
                    .chain(before -> before.isPresent() && before.get().state() == InstalledPackageState.BROKEN
                            ? journal.record(session, List.of(NewTargetEvent.installedChanged(command.instanceId(),
                                    command.packageName(), before.get().version(), to, InstalledPackageState.BROKEN,
                                    InstalledPackageState.INSTALLED)))
                            : versionChange(session, command, before.map(Recorded::version), to));
        }
        // An uninstalled broken copy carries its state, so a subscriber filtering on BROKEN sees the host leave.
        return installed.recordUninstalled(session, command.instanceId(), command.packageName())
                .chain(before -> before.isPresent() && before.get().state() == InstalledPackageState.BROKEN
                        ? journal.record(session, List.of(NewTargetEvent.installedChanged(command.instanceId(),
                                command.packageName(), before.get().version(), null, InstalledPackageState.BROKEN,
                                null)))
                        : versionChange(session, command, before.map(Recorded::version), to));
    }

    private Uni<Void> versionChange(Mutiny.Session session, Finished command, Optional<String> before, String to) {
        return Objects.equals(before.orElse(null), to)
                ? Uni.createFrom().voidItem()
                : journal.record(session, List.of(NewTargetEvent.installedChanged(command.instanceId(),
                        command.packageName(), before.orElse(null), to)));
    }
}
