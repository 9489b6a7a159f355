package dev.distributor.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The roles of DESIGN.md §9, as the identity provider names them in the configured roles claim
 * ({@code DISTRIBUTOR_OIDC_ROLES_CLAIM}), and the permissions each grants. Publishing and deploying are separate: a
 * publisher cannot start a rollout and a deployer cannot change a package, as AWS's Distributor IAM examples separate
 * {@code ssm:CreateDocument} from {@code ssm:SendCommand}. Provider roles with other names grant nothing.
 */
public enum Role {
    /** Reads everything: packages, fleet, deployments, rollouts, the audit trail. */
    VIEWER(EnumSet.of(Permission.VIEW)),
    /** Reads, and creates and changes packages and versions. */
    PUBLISHER(EnumSet.of(Permission.VIEW, Permission.PUBLISH)),
    /** Reads, and creates deployments and drives rollouts. */
    DEPLOYER(EnumSet.of(Permission.VIEW, Permission.DEPLOY)),
    /** Everything, including activations, tags, deregistration and agent tokens. */
    ADMIN(EnumSet.allOf(Permission.class));

    private final Set<Permission> grants;

    Role(Set<Permission> grants) {
        this.grants = grants;
    }

    /** The name the identity provider uses: {@code viewer}, {@code publisher}, {@code deployer}, {@code admin}. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Set<Permission> grants() {
        return grants;
    }

    /** The permissions a caller holds with these provider role names (unknown names ignored). */
    public static Set<Permission> permissionsOf(Collection<String> roleNames) {
        Set<Permission> held = EnumSet.noneOf(Permission.class);
        for (Role role : values()) {
            if (roleNames.contains(role.claimValue())) {
                held.addAll(role.grants);
            }
        }
        return held;
    }
}
