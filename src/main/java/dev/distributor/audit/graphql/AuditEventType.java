package dev.distributor.audit.graphql;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;

@Name("AuditEvent")
@Description("One row of the audit trail: who did what to which resource, when, from which request and address. "
        + "Rows are append-only: no API changes or deletes one.")
public record AuditEventType(
        @NonNull @Description("Increasing with each row written; the cursor's key.") String id,
        @NonNull @Description("When the change's transaction (or the refusal) happened.") OffsetDateTime at,
        @NonNull @Description("The OIDC token's subject, an agent's instance id, 'local' (local mode) or "
                + "'anonymous' (no valid token).") String actor,
        @Description("The token's display name (preferred_username), or the agent's host name.") String actorName,
        @NonNull @Description("The operation, as access control names it: package.create, rollout.pause, "
                + "target.register, ... (docs/SECURITY.md).") String action,
        @NonNull @Description("What it acted on: package/<name>, package/<name>/version/<v>, rollout/<id>, "
                + "target/<instanceId>, ...; '-' for a refusal.") String resource,
        @NonNull AuditOutcome outcome,
        @Description("The request id (X-Request-Id, echoed in the response); null for the service's own work.") String requestId,
        @Description("The client's address (the forwarded one behind a trusted proxy); null when unknown.") String address,
        @NonNull @Description("Details as a JSON object: before and after for changes of state or settings; "
                + "code, permission, roles and path for a refusal.") String details) {
}
