package dev.distributor.agent.queue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.distributor.agent.domain.AgentCommandLifecycle;
import dev.distributor.agent.domain.AgentCommandLifecycle.ReportDecision;
import dev.distributor.agent.domain.AgentCommandState;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.AgentConfig;
import dev.distributor.fleet.Arguments;
import dev.distributor.security.AccessControl;

/**
 * The agent side of the command queue: claiming the next command for a host (leased, at least once) and applying its
 * status reports (idempotent per command and status). Leases and timeouts use the database's clock.
 */
@ApplicationScoped
public class AgentCommandQueue {

    /** Deliveries without an IN_PROGRESS report after which a command fails with step {@code not-acknowledged}. */
    public static final int MAX_DELIVERIES = 5;
    public static final int MAX_OUTPUT_CHARS = 24_000;

    static final String CLAIMABLE = """
            c.instance_id = %1$s and c.sent_at is not null
              and (c.state = 'QUEUED' or (c.state = 'DELIVERED' and c.lease_until < now()))
            """;
    static final String BUSY = """
            exists (select 1 from agent_command o where o.instance_id = %1$s
                      and (o.state = 'IN_PROGRESS' or (o.state = 'DELIVERED' and o.lease_until >= now())))
            """;
    private static final String COLUMNS = """
            id, instance_id, action, install_type, package_name, version, file_sha256, file_size, previous_version,
            previous_file_sha256, arguments::text, timeout_seconds, reboot_allowed, state, deliveries,
            sent_at is not null, exit_code, reboot_required, step, output
            """;

    /** What a status report did. */
    public record Outcome(boolean accepted, String reason) {
    }

    /** A checked status report. */
    public record Report(AgentCommandState status, Integer exitCode, boolean rebootRequired, String step,
            String output) {
    }

    private final Pool pool;
    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final AgentConfig config;
    private final ObjectMapper json;

    private final QueueChecks checks;

    public AgentCommandQueue(Pool pool, AccessControl access, UnitOfWork unitOfWork, AgentConfig config,
            ObjectMapper json, QueueChecks checks) {
        this.pool = pool;
        this.checks = checks;
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.config = config;
        this.json = json;
    }

    /**
     * Delivers the next command for the host, if one may go now. A read-only check comes first, batched with other
     * polls' ({@link QueueChecks}), so an idle poll writes nothing and shares its query; only when there is work does a
     * transaction lock and lease a command.
     */
    public Uni<Optional<AgentCommand>> next(String instanceId) {
        return checks.mayClaim(instanceId)
                .chain(mayClaim -> mayClaim
                        ? claim(instanceId).chain(id -> id.isEmpty()
                                ? Uni.createFrom().item(Optional.empty())
                                : find(id.get()))
                        : Uni.createFrom().item(Optional.empty()));
    }

    private Uni<Optional<UUID>> claim(String instanceId) {
        Actor agent = new Actor(instanceId, instanceId);
        return unitOfWork.change(agent, "command.deliver", "target/" + instanceId,
                (session, actor) -> lockHost(session, instanceId)
                        .chain(() -> session.createNativeQuery("""
                                update agent_command
                                set state = 'FAILED', step = 'not-acknowledged', finished_at = now(), lease_until = null
                                where instance_id = :instance and state = 'DELIVERED' and lease_until < now()
                                  and deliveries >= :max
                                """)
                                .setParameter("instance", instanceId)
                                .setParameter("max", MAX_DELIVERIES)
                                .executeUpdate())
                        .chain(() -> session.createNativeQuery("select c.id from agent_command c where "
                                + CLAIMABLE.formatted(":instance") + " and not " + BUSY.formatted(":instance")
                                + " order by c.created_at, c.id limit 1 for update skip locked", UUID.class)
                                .setParameter("instance", instanceId)
                                .getResultList())
                        .chain(ids -> ids.isEmpty()
                                ? Uni.createFrom().item(Optional.<UUID>empty())
                                : session.createNativeQuery("""
                                        update agent_command
                                        set state = 'DELIVERED', deliveries = deliveries + 1,
                                            lease_until = now() + make_interval(secs => :lease)
                                        where id = :id
                                        """)
                                        .setParameter("lease", (double) config.lease().toMillis() / 1000)
                                        .setParameter("id", ids.get(0))
                                        .executeUpdate()
                                        .replaceWith(Optional.of(ids.get(0)))),
                claimed -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("delivered", claimed.map(UUID::toString).orElse(null));
                    return details;
                });
    }

    /** Polls of one host are serialised, so two replicas never hand it two commands at once. */
    private static Uni<Void> lockHost(Mutiny.Session session, String instanceId) {
        return session
                .createNativeQuery("select instance_id from target where instance_id = :instance for no key update",
                        String.class)
                .setParameter("instance", instanceId)
                .getResultList()
                .replaceWithVoid();
    }

    public Uni<Optional<AgentCommand>> find(UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from agent_command where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(toCommand(rows.iterator().next()))
                        : Optional.empty());
    }

    /** Whether a delivered or in-progress command of this host names the file (for the file relay). */
    public Uni<Boolean> currentCommandNames(String instanceId, String sha256) {
        return pool.preparedQuery("""
                select exists (select 1 from agent_command
                               where instance_id = $1 and state in ('DELIVERED', 'IN_PROGRESS')
                                 and (file_sha256 = $2 or previous_file_sha256 = $2))
                """)
                .execute(Tuple.of(instanceId, sha256))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Applies a checked report from {@code instanceId}; refusals (404, 403) change nothing and write no audit row. */
    public Uni<Outcome> report(String instanceId, UUID commandId, Report report) {
        Actor agent = new Actor(instanceId, instanceId);
        return unitOfWork.change(agent, "command.status", "command/" + commandId,
                (session, actor) -> session.createNativeQuery("""
                        select instance_id, state, action, package_name, version, arguments::text
                        from agent_command where id = :id for update
                        """, Object[].class)
                        .setParameter("id", commandId)
                        .getResultList()
                        .chain(rows -> {
                            if (rows.isEmpty()) {
                                return Uni.createFrom().failure(new DistributorException(ErrorCode.COMMAND_NOT_FOUND,
                                        "No command has id " + commandId + "."));
                            }
                            Object[] row = rows.get(0);
                            if (!instanceId.equals(row[0])) {
                                return Uni.createFrom().failure(new DistributorException(ErrorCode.COMMAND_NOT_YOURS,
                                        "Command " + commandId + " belongs to another instance."));
                            }
                            return apply(session, commandId, (String) row[1], report, instanceId, (String) row[2],
                                    (String) row[3], (String) row[4], Arguments.hash(arguments((String) row[5])));
                        }),
                outcome -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("status", report.status().name());
                    details.put("accepted", outcome.accepted());
                    if (outcome.reason() != null) {
                        details.put("reason", outcome.reason());
                    }
                    if (report.exitCode() != null) {
                        details.put("exitCode", report.exitCode());
                    }
                    return details;
                });
    }

    private static Uni<Outcome> apply(Mutiny.Session session, UUID commandId, String state, Report report,
            String instanceId, String action, String packageName, String version, String argumentsHash) {
        ReportDecision decision = AgentCommandLifecycle.onReport(AgentCommandState.ofColumn(state), report.status());
        if (!decision.accepted()) {
            return Uni.createFrom().item(new Outcome(false, decision.refusal().reason()));
        }
        if (decision.next() == AgentCommandState.IN_PROGRESS) {
            return session.createNativeQuery("""
                    update agent_command set state = 'IN_PROGRESS', started_at = now(), lease_until = null,
                                             step = coalesce(cast(:step as text), step)
                    where id = :id
                    """)
                    .setParameter("step", report.step())
                    .setParameter("id", commandId)
                    .executeUpdate()
                    .replaceWith(new Outcome(true, null));
        }
        Uni<Integer> finish = session.createNativeQuery("""
                update agent_command
                set state = :status, exit_code = :exitCode, reboot_required = :reboot,
                    step = coalesce(cast(:step as text), step), output = cast(:output as text),
                    started_at = coalesce(started_at, now()), finished_at = now(), lease_until = null
                where id = :id
                """)
                .setParameter("status", decision.next().name())
                .setParameter("exitCode", report.exitCode())
                .setParameter("reboot", report.rebootRequired())
                .setParameter("step", report.step())
                .setParameter("output", report.output())
                .setParameter("id", commandId)
                .executeUpdate();
        if (decision.next() != AgentCommandState.SUCCESS) {
            return finish.replaceWith(new Outcome(true, null));
        }
        // The installed state changes only on success (DESIGN.md §4.8); the agent's inventory confirms it later.
        Uni<Integer> installed = action.equals("UNINSTALL")
                ? session.createNativeQuery(
                        "delete from installed_package where instance_id = :instance and package_name = :package")
                        .setParameter("instance", instanceId)
                        .setParameter("package", packageName)
                        .executeUpdate()
                : session.createNativeQuery("""
                        insert into installed_package (instance_id, package_name, version, arguments_hash)
                        values (:instance, :package, :version, :argumentsHash)
                        on conflict (instance_id, package_name) do update
                          set version = excluded.version, arguments_hash = excluded.arguments_hash,
                              status = 'INSTALLED', updated_at = now()
                        """)
                        .setParameter("argumentsHash", argumentsHash)
                        .setParameter("instance", instanceId)
                        .setParameter("package", packageName)
                        .setParameter("version", version)
                        .executeUpdate();
        return finish.chain(() -> installed).replaceWith(new Outcome(true, null));
    }

    private AgentCommand toCommand(Row row) {
        return new AgentCommand(row.getUUID(0), row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getString(5), row.getString(6), row.getLong(7), row.getString(8),
                row.getString(9), arguments(row.getString(10)), row.getInteger(11), row.getBoolean(12),
                row.getString(13), row.getInteger(14), row.getBoolean(15), row.getInteger(16), row.getBoolean(17),
                row.getString(18), row.getString(19));
    }

    private Map<String, String> arguments(String text) {
        try {
            return json.readValue(text, new TypeReference<LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("agent_command.arguments is not a JSON object of strings", e);
        }
    }

    /** The ARGUMENTS value of the protocol; see {@link Arguments#encode}. */
    public static String encodeArguments(Map<String, String> arguments) {
        return Arguments.encode(arguments);
    }
}
