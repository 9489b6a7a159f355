package dev.distributor.rollout.rollback;

import dev.distributor.fleet.domain.InstalledPackageState;
import dev.distributor.rollout.domain.DeploymentAction;
import dev.distributor.rollout.domain.InvocationStatus;

/**
 * What a rollback does on one target, decided from what the run being put back found there and what the target has
 * now: no database, no clock. {@link RollbackRuns} applies it to every target the run may have changed.
 */
public final class RollbackRule {

    /** What the rollback run does on a target. */
    public enum Action {
        /** Install the version the target had before (REINSTALL: uninstall what is there, install the previous). */
        INSTALL_PREVIOUS,
        /** The target had nothing before: uninstall what it has now. */
        UNINSTALL,
        /** Nothing to do: the target is already as it was before (its invocation is SKIPPED with the reason). */
        SKIP
    }

    /**
     * One target's decision.
     *
     * @param version the version the rollback installs (INSTALL_PREVIOUS) or uninstalls (UNINSTALL); for SKIP the one
     *        the target keeps, or null
     * @param skipReason for SKIP: ALREADY_INSTALLED or NOT_INSTALLED (a {@code SkipReason} name)
     * @param detail for SKIP: why, in words
     */
    public record Decision(Action action, String version, String skipReason, String detail) {
    }

    private RollbackRule() {
    }

    /**
     * Whether the run's invocation may have changed its target, so the rollback must look at it: it is out on the host
     * (queued, running, rebooting), it succeeded, or it ended (failed, timed out, cancelled) after the host started it.
     * One that never started (pending, skipped, cancelled or timed out before a host took it, failed for want of a
     * driver) changed nothing: the rollback gives that target no invocation at all.
     *
     * @param started the host started it (a start time or a step is known)
     */
    public static boolean mayHaveChanged(InvocationStatus status, boolean started) {
        return switch (status) {
            case QUEUED, IN_PROGRESS, REBOOTING, SUCCESS -> true;
            case FAILED, TIMED_OUT, CANCELLED -> started;
            case PENDING, SKIPPED -> false;
        };
    }

    /**
     * What the target is taken to have now. An invocation still out has not reported, so the installed record is not
     * final: the target is taken to have what the invocation installs (nothing after an uninstall), in an unknown state
     * (null), so the rollback puts the previous version back whatever the command's outcome.
     *
     * @param stillOut the run's invocation is still queued, running or rebooting
     * @param runAction what the run's invocation does
     * @param runVersion the version the run's invocation installs or uninstalls
     */
    public static Installed installedNow(boolean stillOut, DeploymentAction runAction, String runVersion,
            String recordedVersion, InstalledPackageState recordedState) {
        if (!stillOut) {
            return new Installed(recordedVersion, recordedState);
        }
        return new Installed(runAction == DeploymentAction.UNINSTALL ? null : runVersion, null);
    }

    /** A target's installed version and its state (INSTALLED, BROKEN; null: unknown); version null: nothing. */
    public record Installed(String version, InstalledPackageState state) {
    }

    /**
     * The rule (docs/ROLLOUTS.md, "Rollback"): no previous version means the run installed the package where there was
     * none, so what is there now is uninstalled (nothing there: skipped NOT_INSTALLED); the previous version installed
     * and INSTALLED means the target is already back (the agent's own rollback, say): skipped ALREADY_INSTALLED;
     * anything else (another version, a BROKEN copy, nothing, unknown) gets the previous version installed again.
     *
     * @param previousVersion what the target had before the run (the run's invocation's previousVersion), or null
     * @param installedVersion what the target has now, or null
     * @param installedState the state of {@code installedVersion}; null when unknown (an invocation still out)
     */
    public static Decision decide(String previousVersion, String installedVersion,
            InstalledPackageState installedState) {
        if (previousVersion == null) {
            if (installedVersion == null) {
                return new Decision(Action.SKIP, null, "NOT_INSTALLED", "nothing was installed before and nothing is "
                        + "installed now");
            }
            return new Decision(Action.UNINSTALL, installedVersion, null, null);
        }
        if (previousVersion.equals(installedVersion) && installedState == InstalledPackageState.INSTALLED) {
            return new Decision(Action.SKIP, previousVersion, "ALREADY_INSTALLED", previousVersion
                    + " is installed again already");
        }
        return new Decision(Action.INSTALL_PREVIOUS, previousVersion, null, null);
    }
}
