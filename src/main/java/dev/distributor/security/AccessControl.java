package dev.distributor.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.work.Actor;

/**
 * Decides who the caller is and whether they hold a {@link Permission}. Every operation asks before its
 * {@link dev.distributor.common.work.UnitOfWork} starts.
 *
 * <p>
 * Today every caller is the local operator ({@link Actor#LOCAL}) holding every permission; the access-control issue
 * (OIDC roles of DESIGN.md §9) fills this in and refuses a caller without the permission with a catalogued error.
 */
@ApplicationScoped
public class AccessControl {

    /** The actor performing the current operation, once it holds {@code permission}. */
    public Uni<Actor> require(Permission permission) {
        return Uni.createFrom().item(Actor.LOCAL);
    }
}
