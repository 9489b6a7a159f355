package dev.distributor.fleet.service;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.domain.NewTargetEvent;
import dev.distributor.fleet.domain.TargetEventType;
import dev.distributor.fleet.repository.ActivationRepository;
import dev.distributor.fleet.repository.InstalledPackageRepository;
import dev.distributor.fleet.repository.TargetRepository;
import dev.distributor.fleet.repository.TargetRepository.NewAgentTarget;
import dev.distributor.security.AccessControl;

/** Trades an activation for an agent identity: a new target, its instance id and its token (kept only hashed). */
@ApplicationScoped
public class RegistrationService {

    /** The host's request, as the agent sent it (unchecked). */
    public record Registration(String activationId, String activationCode, String hostname, String platform,
            String platformVersion, String arch, String agentVersion, List<String> installed, List<String> broken) {
    }

    /** The new identity; the token is shown this once. */
    public record Registered(String instanceId, String token) {
    }

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final TargetRepository targets;
    private final InstalledPackageRepository installedPackages;
    private final ActivationRepository activations;
    private final TargetJournal journal;
    private final MeterRegistry registry;

    public RegistrationService(AccessControl access, UnitOfWork unitOfWork, TargetRepository targets,
            InstalledPackageRepository installedPackages, ActivationRepository activations, TargetJournal journal,
            MeterRegistry registry) {
        this.registry = registry;
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.targets = targets;
        this.installedPackages = installedPackages;
        this.activations = activations;
        this.journal = journal;
    }

    /**
     * Registers a host (docs/AGENT-PROTOCOL.md); counted in {@code distributor_agent_registrations_total{outcome}}:
     * {@code registered}, or the refusal's error code in lower case ({@code activation_invalid}, ...), or
     * {@code error}.
     */
    public Uni<Registered> register(Registration request) {
        return Uni.createFrom().deferred(() -> registerNow(request))
                .onItemOrFailure().invoke((registered, failure) -> Counter.builder("distributor.agent.registrations")
                        .description("Agent registrations answered by this replica, by outcome")
                        .tag("outcome", failure == null
                                ? "registered"
                                : failure instanceof DistributorException e
                                        ? e.code().name().toLowerCase(Locale.ROOT)
                                        : "error")
                        .register(registry)
                        .increment());
    }

    private Uni<Registered> registerNow(Registration request) {
        UUID activationId = activationId(request.activationId());
        if (request.activationCode() == null || request.activationCode().isEmpty()) {
            throw new DistributorException(ErrorCode.INVALID_FACTS, "ACTIVATION_CODE is required.",
                    Map.of("field", "ACTIVATION_CODE"));
        }
        String hostname = AgentFacts.hostname(request.hostname());
        String platform = AgentFacts.platform(request.platform());
        String platformVersion = AgentFacts.platformVersion(request.platformVersion());
        String arch = AgentFacts.arch(request.arch());
        String agentVersion = AgentFacts.agentVersion(request.agentVersion());
        Map<String, String> installed = AgentFacts.installed(request.installed());
        Set<String> broken = AgentFacts.broken(request.broken(), installed);

        String instanceId = Secrets.newInstanceId();
        String token = Secrets.newAgentToken();
        Actor agent = new Actor(instanceId, hostname);
        var target = new NewAgentTarget(instanceId, hostname, platform, platformVersion, arch, agentVersion,
                Secrets.sha256Hex(token), activationId);
        return unitOfWork.change(agent, "target.register", "target/" + instanceId,
                (session, actor) -> checkActivation(session, activationId, request.activationCode())
                        .chain(() -> targets.insertAgent(session, target))
                        .chain(() -> installedPackages.upsertReported(session, instanceId, installed, broken))
                        // The activation counts the new target inside COMMIT (V21), which refuses it past the limit.
                        .chain(() -> journal.record(session,
                                List.of(NewTargetEvent.of(instanceId, TargetEventType.TARGET_REGISTERED))))
                        .replaceWith(new Registered(instanceId, token)),
                registered -> Map.of("activationId", activationId.toString(), "hostname", hostname,
                        "platform", platform, "platformVersion", platformVersion, "arch", arch))
                .onFailure(RegistrationService::activationRefused)
                .call(refused -> unitOfWork.refusal(new Actor(Actor.ANONYMOUS, hostname), "target.register",
                        "activation/" + activationId, Map.of("code", ((DistributorException) refused).code().name(),
                                "hostname", hostname))
                        // The refusal is the answer even when its row cannot be written (logged by the unit of work).
                        .onFailure().recoverWithNull());
    }

    /** A refused activation (wrong code, revoked, expired, used up) is a refused attempt: audited on its own. */
    private static boolean activationRefused(Throwable failure) {
        return failure instanceof DistributorException e && e.code().name().startsWith("ACTIVATION_");
    }

    /**
     * Checks the code (constant time), the expiry and the limit (database clock) without locking, so a refused
     * registration costs no lock. The count itself is taken inside COMMIT (V21), which refuses a registration that a
     * concurrent one left past the limit with the same errors (RefusedAtCommit in dev.distributor.common.work).
     */
    private Uni<Void> checkActivation(Mutiny.Session session, UUID activationId, String code) {
        return activations.registrationCheck(session, activationId)
                .invoke(found -> {
                    if (found.isEmpty() || !Secrets.matches(code, found.get().codeSha256())) {
                        throw new DistributorException(ErrorCode.ACTIVATION_INVALID,
                                "No activation has this id and code.");
                    }
                    if (found.get().revoked()) {
                        throw revoked();
                    }
                    if (found.get().expired()) {
                        throw expired();
                    }
                    if (found.get().exhausted()) {
                        throw exhausted();
                    }
                })
                .replaceWithVoid();
    }

    private static DistributorException revoked() {
        return new DistributorException(ErrorCode.ACTIVATION_REVOKED,
                "The activation was revoked; ask an operator for a new one.");
    }

    private static DistributorException expired() {
        return new DistributorException(ErrorCode.ACTIVATION_EXPIRED,
                "The activation has expired; ask an operator for a new one.");
    }

    private static DistributorException exhausted() {
        return new DistributorException(ErrorCode.ACTIVATION_EXHAUSTED,
                "The activation has reached its registration limit.");
    }

    private static UUID activationId(String value) {
        if (value == null || value.isEmpty()) {
            throw new DistributorException(ErrorCode.INVALID_FACTS, "ACTIVATION_ID is required.",
                    Map.of("field", "ACTIVATION_ID"));
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new DistributorException(ErrorCode.ACTIVATION_INVALID, "No activation has this id and code.");
        }
    }
}
