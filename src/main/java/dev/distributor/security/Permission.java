package dev.distributor.security;

/** What an operation needs. {@link Role}s grant sets of these (docs/SECURITY.md has the table of operations). */
public enum Permission {
    /** Read anything. */
    VIEW,
    /** Create and change packages and versions. */
    PUBLISH,
    /** Create deployments and drive rollouts. */
    DEPLOY,
    /** Activations, tags, deregistration, agent tokens. */
    ADMIN
}
