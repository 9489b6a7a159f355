package dev.distributor.rollout.graphql;

import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.fleet.domain.InstalledPackageState;
import dev.distributor.rollout.domain.DeploymentAction;
import dev.distributor.rollout.domain.InstallType;

@Name("Plan")
@Description("What a run started now would do: per target the file or the reason it is skipped, and the waves.")
public record PlanType(
        @NonNull String packageName,
        @Description("The concrete version ('default' resolved); null for an uninstall of whatever is installed.") String version,
        @NonNull DeploymentAction action,
        @NonNull InstallType installType,
        int targetCount,
        int runnableCount,
        int skippedCount,
        int offlineCount,
        @Description("Targets with an invocation for this package in another running or paused rollout; they "
                + "wait until it finishes.") int conflictCount,
        int maxConcurrency,
        int maxErrors,
        @NonNull @Description("What will go wrong if the run starts as planned, in words.") List<@NonNull String> warnings,
        @NonNull List<@NonNull PlanWave> waves,
        @NonNull List<@NonNull PlanTarget> targets,
        @Description("Whether a run may start invocations now: a maintenance window of the deployment is open (service "
                + "clock), or it has none. Outside every window a run starts no new invocation; running ones finish.") boolean maintenanceWindowOpen,
        @Description("When the next maintenance window opens; null when one is open now or the deployment "
                + "has none.") OffsetDateTime nextWindowOpensAt) {

    @Description("A wave of the plan.")
    public record PlanWave(int number, int size) {
    }

    @Description("One selected target in a plan.")
    public record PlanTarget(
            @NonNull String instanceId,
            @NonNull String name,
            @NonNull String platform,
            @NonNull String platformVersion,
            @NonNull String arch,
            boolean online,
            @Description("1-based; 0 when skipped.") int wave,
            String fileName,
            String fileSha256,
            Long fileSize,
            @Description("The version installed now (the previous version of a reinstall).") String installedVersion,
            @Description("NO_FILE_FOR_PLATFORM, ALREADY_INSTALLED, NOT_INSTALLED or OTHER_VERSION_INSTALLED.") String skipReason,
            String skipDetail,
            @NonNull @Description("Running or paused rollouts this target waits for.") List<@NonNull String> conflictingRollouts,
            @Description("The state of installedVersion: INSTALLED, or BROKEN after a failed rollback (never skipped "
                    + "as ALREADY_INSTALLED); null when none is installed.") InstalledPackageState installedState,
            @Description("Why the target is not skipped although its record names the version (e.g. 'installed copy "
                    + "is BROKEN ...'); null otherwise.") String note) {
    }
}
