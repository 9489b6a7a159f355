package dev.distributor.fleet.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.security.AccessControl;

/** Trades an activation for an agent identity: a new target, its instance id and its token (kept only hashed). */
@ApplicationScoped
public class RegistrationService {

    /** The host's request, as the agent sent it (unchecked). */
    public record Registration(String activationId, String activationCode, String hostname, String platform,
            String platformVersion, String arch, String agentVersion, List<String> installed) {
    }

    /** The new identity; the token is shown this once. */
    public record Registered(String instanceId, String token) {
    }

    private final AccessControl access;
    private final UnitOfWork unitOfWork;

    public RegistrationService(AccessControl access, UnitOfWork unitOfWork) {
        this.access = access;
        this.unitOfWork = unitOfWork;
    }

    public Uni<Registered> register(Registration request) {
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

        String instanceId = Secrets.newInstanceId();
        String token = Secrets.newAgentToken();
        Actor agent = new Actor(instanceId, hostname);
        return unitOfWork.change(agent, "target.register", "target/" + instanceId,
                (session, actor) -> checkActivation(session, activationId, request.activationCode())
                        .chain(() -> session.createNativeQuery("""
                                insert into target (instance_id, name, driver, platform, platform_version, arch,
                                                    account, region, tags, agent_version, activation_id, token_sha256,
                                                    last_seen)
                                select :instanceId, :name, 'AGENT', :platform, :platformVersion, :arch,
                                       a.account, a.region, a.default_tags, :agentVersion, a.id, :tokenSha256,
                                       now()
                                from activation a where a.id = :activationId
                                """)
                                .setParameter("instanceId", instanceId)
                                .setParameter("name", hostname)
                                .setParameter("platform", platform)
                                .setParameter("platformVersion", platformVersion)
                                .setParameter("arch", arch)
                                .setParameter("agentVersion", agentVersion)
                                .setParameter("tokenSha256", Secrets.sha256Hex(token))
                                .setParameter("activationId", activationId)
                                .executeUpdate())
                        .chain(() -> insertInstalled(session, instanceId, installed))
                        .chain(() -> countRegistration(session, activationId))
                        .replaceWith(new Registered(instanceId, token)),
                registered -> Map.of("activationId", activationId.toString(), "hostname", hostname,
                        "platform", platform, "platformVersion", platformVersion, "arch", arch));
    }

    /**
     * Checks the code (constant time), the expiry and the limit (database clock) without locking, so a refused
     * registration costs no lock. The count itself is taken last, by {@link #countRegistration}.
     */
    private static Uni<Void> checkActivation(Mutiny.Session session, UUID activationId, String code) {
        return session.createNativeQuery("""
                select code_sha256, expires_at <= now(), registrations >= registration_limit
                from activation where id = :id
                """, Object[].class)
                .setParameter("id", activationId)
                .getResultList()
                .invoke(rows -> {
                    if (rows.isEmpty() || !Secrets.matches(code, (String) rows.get(0)[0])) {
                        throw new DistributorException(ErrorCode.ACTIVATION_INVALID,
                                "No activation has this id and code.");
                    }
                    if ((Boolean) rows.get(0)[1]) {
                        throw expired();
                    }
                    if ((Boolean) rows.get(0)[2]) {
                        throw exhausted();
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Counts the registration as the transaction's last write. The conditional update waits for any concurrent
     * registration's row lock and re-checks the limit after it, so the limit holds, while the lock is held only from
     * here to commit instead of for the whole registration.
     */
    private static Uni<Void> countRegistration(Mutiny.Session session, UUID activationId) {
        return session.createNativeQuery("""
                update activation set registrations = registrations + 1
                where id = :id and registrations < registration_limit and expires_at > now()
                """)
                .setParameter("id", activationId)
                .executeUpdate()
                .invoke(counted -> {
                    if (counted == 0) {
                        throw exhausted();
                    }
                })
                .replaceWithVoid();
    }

    private static DistributorException expired() {
        return new DistributorException(ErrorCode.ACTIVATION_EXPIRED,
                "The activation has expired; ask an operator for a new one.");
    }

    private static DistributorException exhausted() {
        return new DistributorException(ErrorCode.ACTIVATION_EXHAUSTED,
                "The activation has reached its registration limit.");
    }

    static Uni<Void> insertInstalled(Mutiny.Session session, String instanceId, Map<String, String> installed) {
        return Multi.createFrom().iterable(installed.entrySet())
                .onItem().transformToUniAndConcatenate(entry -> session.createNativeQuery("""
                        insert into installed_package (instance_id, package_name, version)
                        values (:instanceId, :packageName, :version)
                        on conflict (instance_id, package_name) do update
                          set version = excluded.version,
                              arguments_hash = case when installed_package.version = excluded.version
                                                    then installed_package.arguments_hash end,
                              status = 'INSTALLED',
                              updated_at = now()
                        """)
                        .setParameter("instanceId", instanceId)
                        .setParameter("packageName", entry.getKey())
                        .setParameter("version", entry.getValue())
                        .executeUpdate())
                .collect().last()
                .replaceWithVoid();
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
