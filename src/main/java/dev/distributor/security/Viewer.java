package dev.distributor.security;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * The caller as the service sees them: subject and name from the verified token, the provider roles it carries, and
 * the permissions those roles grant ({@link Role}). Unauthenticated callers have no subject and no permission.
 */
@Description("The caller: who the service takes them for and what their roles allow. Read by the console to hide or "
        + "disable controls; every operation still checks for itself (FORBIDDEN, UNAUTHORIZED).")
public record Viewer(
        @Description("The token's subject ('local' in local mode); null when no valid token came.") String subject,
        @Description("A name to show: the token's preferred name, else the subject.") String name,
        @NonNull @Description("The role names the token carries (viewer, publisher, deployer, admin, and any others).") List<@NonNull String> roles,
        @NonNull @Description("What those roles allow (docs/SECURITY.md has the table).") List<@NonNull Permission> permissions,
        @Description("True when the service runs in local mode: no sign-in, every caller is the local admin.") boolean localMode) {
}
