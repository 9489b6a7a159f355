package dev.distributor.fleet.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Unremovable;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.Tags;
import dev.distributor.common.Timestamps;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Texts;
import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.domain.ActivationEntity;
import dev.distributor.fleet.repository.ActivationRepository;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/**
 * Creates and revokes activations: registration codes agents trade for an identity. The code is shown once and kept
 * hashed. A revoked activation registers no more hosts; hosts it registered keep their identity and token.
 */
@ApplicationScoped
@Unremovable
public class ActivationService {

    /** What an operator asks for. {@code validFor} counts from now; tags become every registered host's tags. */
    public record NewActivation(String description, String account, String region, Map<String, String> defaultTags,
            int registrationLimit, Duration validFor) {
    }

    /** The created activation with its code; the code is never shown again. */
    public record CreatedActivation(UUID id, String code, String description, String account, String region,
            Map<String, String> defaultTags, int registrationLimit, OffsetDateTime expiresAt) {
    }

    /** An activation as it stands (never its code). */
    public record ActivationState(UUID id, String description, String account, String region,
            Map<String, String> defaultTags, int registrationLimit, int registrations, OffsetDateTime expiresAt,
            OffsetDateTime revokedAt) {
    }

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final ActivationRepository activations;

    public ActivationService(AccessControl access, UnitOfWork unitOfWork, ActivationRepository activations) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.activations = activations;
    }

    public Uni<CreatedActivation> create(NewActivation input) {
        return access.require(Permission.ADMIN, "activation.create").chain(caller -> create(caller, input));
    }

    private Uni<CreatedActivation> create(Actor caller, NewActivation input) {
        validate(input);
        UUID id = UUID.randomUUID();
        String code = Secrets.newActivationCode();
        OffsetDateTime expiresAt = Timestamps.now().plus(input.validFor()).truncatedTo(ChronoUnit.MICROS);
        Map<String, String> tags = input.defaultTags() == null ? Map.of() : input.defaultTags();
        return unitOfWork.change(caller, "activation.create", "activation/" + id,
                (session, actor) -> {
                    ActivationEntity activation = new ActivationEntity();
                    activation.id = id;
                    activation.codeSha256 = Secrets.sha256Hex(code);
                    activation.description = input.description();
                    activation.account = input.account();
                    activation.region = input.region();
                    activation.defaultTags = new LinkedHashMap<>(tags);
                    activation.registrationLimit = input.registrationLimit();
                    activation.expiresAt = expiresAt;
                    activation.createdBy = actor.subject();
                    activation.createdAt = Timestamps.now();
                    return session.persist(activation)
                            .call(session::flush)
                            .replaceWith(new CreatedActivation(id, code, input.description(), input.account(),
                                    input.region(), Map.copyOf(tags), input.registrationLimit(), expiresAt));
                },
                created -> Map.of("account", created.account(), "region", created.region(), "registrationLimit",
                        created.registrationLimit(), "expiresAt", created.expiresAt().toString()));
    }

    /**
     * Revokes the activation: registrations with it are refused (ACTIVATION_REVOKED) from the commit on, also one
     * racing this call; hosts it registered keep working. Revoking a revoked activation changes nothing (its first
     * revocation time stays) and is audited again. ACTIVATION_NOT_FOUND when no activation has this id.
     */
    public Uni<ActivationState> revoke(String activationId) {
        return access.require(Permission.ADMIN, "activation.revoke")
                .chain(caller -> {
                    UUID id = parseId(activationId);
                    return unitOfWork.change(caller, "activation.revoke", "activation/" + id,
                            // In SQL, not through the entity: a full-row write would undo a registration counted
                            // meanwhile. The row lock makes a racing registration wait and then see the revocation.
                            (session, actor) -> activations.revoke(session, id, actor.subject())
                                    .chain(found -> {
                                        if (!found) {
                                            throw notFound();
                                        }
                                        return session.find(ActivationEntity.class, id);
                                    })
                                    .map(ActivationService::state),
                            revoked -> Map.of("revokedAt", revoked.revokedAt().toString(), "registrations",
                                    revoked.registrations()));
                });
    }

    private static ActivationState state(ActivationEntity a) {
        return new ActivationState(a.id, a.description, a.account, a.region, Map.copyOf(a.defaultTags),
                a.registrationLimit, a.registrations, a.expiresAt, a.revokedAt);
    }

    private static UUID parseId(String activationId) {
        if (activationId == null || activationId.isBlank()) {
            throw DistributorException.invalidInput("id", "id must not be empty.");
        }
        try {
            return UUID.fromString(activationId);
        } catch (IllegalArgumentException e) {
            throw notFound();
        }
    }

    private static DistributorException notFound() {
        return new DistributorException(ErrorCode.ACTIVATION_NOT_FOUND, "No activation has this id.",
                Map.of("field", "id"));
    }

    private static void validate(NewActivation input) {
        if (input.account() == null || input.account().isBlank()) {
            throw DistributorException.invalidInput("account", "account must not be empty.");
        }
        if (input.region() == null || input.region().isBlank()) {
            throw DistributorException.invalidInput("region", "region must not be empty.");
        }
        Texts.description("description", input.description(), 1024);
        Texts.oneLine("account", input.account(), 128);
        Texts.oneLine("region", input.region(), 128);
        Tags.check("defaultTags", input.defaultTags());
        if (input.registrationLimit() < 1) {
            throw DistributorException.invalidInput("registrationLimit", "registrationLimit must be at least 1.");
        }
        if (input.validFor() == null || input.validFor().isNegative() || input.validFor().isZero()) {
            throw DistributorException.invalidInput("validFor", "validFor must be a positive duration.");
        }
    }
}
