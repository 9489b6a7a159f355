package dev.distributor.security;

/** What an operation needs. Roles (viewer, publisher, deployer, admin) grant sets of these once OIDC arrives. */
public enum Permission {
    /** Read anything. */
    VIEW,
    /** Create and change packages and versions. */
    PUBLISH,
    /** Create deployments and drive rollouts. */
    DEPLOY,
    /** Activations, deregistration, everything else. */
    ADMIN
}
