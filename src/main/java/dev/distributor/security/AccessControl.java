package dev.distributor.security;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;

/**
 * Decides who the caller is and whether they hold a {@link Permission}. Every operation asks before its
 * {@link UnitOfWork} starts and before it looks at its input, so a refused caller learns nothing about it.
 *
 * <p>
 * In OIDC mode the caller is the verified bearer token's subject (HTTP header, or the {@code connection_init}
 * payload's {@code Authorization} for subscriptions), holding the permissions its {@link Role}s grant. Without a valid
 * token the answer is {@code UNAUTHORIZED}; without the permission {@code FORBIDDEN}. Each refusal is written to the
 * audit trail in a transaction of its own before the error reaches the caller (DESIGN.md §9). In local mode every
 * caller is the local admin ({@link AccessConfig#localMode()}).
 */
@ApplicationScoped
public class AccessControl {

    private static final Logger LOG = Logger.getLogger(AccessControl.class);

    private final AccessConfig config;
    private final CurrentIdentityAssociation identities;
    private final RequestOrigin origins;
    private final UnitOfWork unitOfWork;

    public AccessControl(AccessConfig config, CurrentIdentityAssociation identities, RequestOrigin origins,
            UnitOfWork unitOfWork) {
        this.config = config;
        this.identities = identities;
        this.origins = origins;
        this.unitOfWork = unitOfWork;
    }

    /**
     * The actor performing the current operation, once it holds {@code permission}.
     *
     * @param action the operation, as its audit rows name it (for example {@code package.create})
     * @throws DistributorException {@code UNAUTHORIZED} (no valid token) or {@code FORBIDDEN} (no role grants it), as a
     *             failed {@link Uni}
     */
    public Uni<Actor> require(Permission permission, String action) {
        RequestOrigin.Origin origin = origins.current();
        if (config.localMode()) {
            return Uni.createFrom().item(Actor.LOCAL.from(origin.requestId(), origin.address()));
        }
        return caller(action).chain(caller -> decide(caller, permission, action, origin));
    }

    /** The verified identity, or none; {@code rejected} when a token came and failed verification. */
    private record Caller(SecurityIdentity identity, boolean rejected) {

        static final Caller REJECTED = new Caller(null, true);

        Caller(SecurityIdentity identity) {
            this(identity, false);
        }

        boolean anonymous() {
            return identity == null || identity.isAnonymous();
        }
    }

    /** The caller of this request; {@link Caller#REJECTED} when a token came and failed verification. */
    private Uni<Caller> caller(String action) {
        return identity()
                .map(Caller::new)
                .onFailure(AuthenticationFailedException.class).recoverWithItem(rejected -> {
                    LOG.debugf(rejected, "Token rejected for %s", action);
                    return Caller.REJECTED;
                });
    }

    private Uni<SecurityIdentity> identity() {
        try {
            return identities.getDeferredIdentity();
        } catch (RuntimeException outsideRequest) {
            return Uni.createFrom().nullItem();
        }
    }

    private Uni<Actor> decide(Caller caller, Permission permission, String action, RequestOrigin.Origin origin) {
        if (caller.anonymous()) {
            Actor anonymous = new Actor(Actor.ANONYMOUS, null, origin.requestId(), origin.address());
            return refuse(anonymous, permission, action, origin, Set.of(), new DistributorException(
                    ErrorCode.UNAUTHORIZED, caller.rejected()
                            ? "The access token was rejected: expired, from another issuer, for another audience or "
                                    + "not signed by the provider. Sign in again."
                            : "Sign in first: send a valid OIDC access token as 'Authorization: Bearer <token>' "
                                    + "(for subscriptions, in the connection_init payload)."));
        }
        SecurityIdentity identity = caller.identity();
        Actor actor = actorOf(identity).from(origin.requestId(), origin.address());
        Set<String> roles = new TreeSet<>(identity.getRoles());
        if (Role.permissionsOf(roles).contains(permission)) {
            return Uni.createFrom().item(actor);
        }
        return refuse(actor, permission, action, origin, roles, new DistributorException(ErrorCode.FORBIDDEN,
                "'" + action + "' needs the " + permission + " permission, which none of your roles " + roles
                        + " grants (docs/SECURITY.md lists who can do what).",
                Map.of("permission", permission.name())));
    }

    private Uni<Actor> refuse(Actor actor, Permission permission, String action, RequestOrigin.Origin origin,
            Set<String> roles, DistributorException refusal) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code", refusal.code().name());
        details.put("permission", permission.name());
        details.put("roles", roles);
        if (origin.path() != null) {
            details.put("path", origin.path());
        }
        if (!origins.firstRefusal(action)) {
            return Uni.createFrom().failure(refusal);
        }
        return unitOfWork.refusal(actor, action, "-", details)
                .onFailure().invoke(e -> LOG.warnf(e, "Could not audit a refused %s by %s", action, actor))
                .onItemOrFailure().transformToUni((ignored, failure) -> Uni.createFrom().failure(refusal));
    }

    /**
     * Who the caller is and what they may do, without refusing anyone: the console shows or hides its controls with it
     * (the operations still decide). In local mode the local admin; without a valid token nobody, holding nothing.
     */
    public Uni<Viewer> viewer() {
        if (config.localMode()) {
            return Uni.createFrom().item(new Viewer(Actor.LOCAL.subject(), Actor.LOCAL.displayName(),
                    List.of(Role.ADMIN.claimValue()), List.copyOf(EnumSet.allOf(Permission.class)), true));
        }
        return caller("viewer").map(caller -> {
            if (caller.anonymous()) {
                return new Viewer(null, null, List.of(), List.of(), false);
            }
            Actor actor = actorOf(caller.identity());
            Set<String> roles = new TreeSet<>(caller.identity().getRoles());
            return new Viewer(actor.subject(), actor.displayName(), List.copyOf(roles),
                    List.copyOf(Role.permissionsOf(roles)), false);
        });
    }

    private static Actor actorOf(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            return new Actor(token.getSubject(), identity.getPrincipal().getName());
        }
        return new Actor(identity.getPrincipal().getName(), identity.getPrincipal().getName());
    }
}
