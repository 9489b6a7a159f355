package dev.distributor.fleet.repository;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/**
 * Statements on the {@code activation} table that registration and revocation run; rows are read by column name. Every method runs
 * in the caller's {@link Mutiny.Session}, so the check, the new target and the count commit or roll back together.
 * Expiry is judged by the database's clock.
 */
@ApplicationScoped
public class ActivationRepository {

    /**
     * What registration needs to know of an activation: the SHA-256 (hex) of its code, whether it was revoked, whether
     * it has expired and
     * whether it has reached its registration limit.
     */
    public record RegistrationCheck(String codeSha256, boolean revoked, boolean expired, boolean exhausted) {
    }

    /** The activation's state for a registration, read without locking; empty when no activation has this id. */
    public Uni<Optional<RegistrationCheck>> registrationCheck(Mutiny.Session session, UUID activationId) {
        return session.createNativeQuery("""
                select code_sha256 as code_sha256,
                       revoked_at is not null as revoked,
                       expires_at <= now() as expired,
                       registrations >= registration_limit as exhausted
                from activation where id = :id
                """, Tuple.class)
                .setParameter("id", activationId)
                .getResultList()
                .map(rows -> rows.stream()
                        .findFirst()
                        .map(row -> new RegistrationCheck(row.get("code_sha256", String.class),
                                row.get("revoked", Boolean.class), row.get("expired", Boolean.class),
                                row.get("exhausted", Boolean.class))));
    }

    /**
     * Marks the activation revoked by {@code by}, keeping the time and actor of an earlier revocation; returns whether
     * an activation has this id. Holds the row lock until the caller's commit.
     */
    public Uni<Boolean> revoke(Mutiny.Session session, UUID activationId, String by) {
        return session.createNativeQuery("""
                update activation set revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, :by)
                where id = :id
                """)
                .setParameter("id", activationId)
                .setParameter("by", by)
                .executeUpdate()
                .map(updated -> updated > 0);
    }
}
