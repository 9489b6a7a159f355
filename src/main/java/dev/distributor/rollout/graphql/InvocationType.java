package dev.distributor.rollout.graphql;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

import dev.distributor.rollout.domain.DeploymentAction;
import dev.distributor.rollout.domain.InstallType;
import dev.distributor.rollout.domain.InvocationStatus;

@Name("Invocation")
@Description("One target's part in a rollout.")
public record InvocationType(
        @NonNull String id,
        @NonNull String rolloutId,
        @NonNull String instanceId,
        @Description("1-based; 0 for a target the plan skipped.") int wave,
        @NonNull InvocationStatus status,
        @Description("Why it was skipped, failed, timed out or cancelled.") String statusReason,
        String version,
        @Description("A rollback run's own action on this target: INSTALL (its previous version) or UNINSTALL (it had "
                + "none); null: the deployment's action.") DeploymentAction action,
        @Description("With action: the install type (REINSTALL); null: the deployment's.") InstallType installType,
        String fileName,
        String fileSha256,
        String previousVersion,
        int attempt,
        Integer exitCode,
        boolean rebootRequired,
        @Description("The step the host was at or failed in (download, verify, install, ...).") String step,
        @Description("The last 24,000 characters of the scripts' output.") String output,
        String commandId,
        OffsetDateTime queuedAt,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt) {
}
