package dev.distributor.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.distributor.agent.queue.CommandWakeups;
import dev.distributor.common.db.Columns;
import dev.distributor.fleet.CommandObservation;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.TargetDriver;
import dev.distributor.fleet.domain.DriverKind;

/**
 * Commands for built-in agents: {@link #record} writes a QUEUED row with {@code sent_at} null in the caller's
 * transaction; {@link #send} marks rows sent and NOTIFYs each host's polls once. Unsent rows are never delivered, so
 * a command whose caller rolled back, or crashed before sending, never reaches a host until it is (re)sent.
 */
@ApplicationScoped
public class AgentDriver implements TargetDriver {

    private static final Logger LOG = Logger.getLogger(AgentDriver.class);
    /** Commands left unsent this long are assumed orphaned by a crash between commit and send. */
    private static final int ORPHANED_AFTER_SECONDS = 30;

    private static final String SEND = """
            with sent as (
              update agent_command set sent_at = coalesce(sent_at, now())
              where %s
              returning instance_id
            ), hosts as (
              select distinct instance_id from sent
            ), notified as (
              select pg_notify('%s', instance_id) from hosts
            )
            select (select count(*) from sent), (select count(*) from notified)
            """;

    private final Pool pool;
    private final ObjectMapper json;

    public AgentDriver(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    @Override
    public DriverKind kind() {
        return DriverKind.AGENT;
    }

    @Override
    public Uni<UUID> record(Mutiny.Session session, CommandSpec command) {
        UUID id = UUID.randomUUID();
        return session.createNativeQuery("""
                insert into agent_command (id, instance_id, action, install_type, package_name, version, file_sha256,
                                           file_size, previous_version, previous_file_sha256, arguments,
                                           timeout_seconds, reboot_allowed, state)
                values (:id, :instance, :action, :installType, :package, :version, cast(:fileSha256 as text),
                        cast(:fileSize as bigint), cast(:previousVersion as text), cast(:previousSha256 as text),
                        cast(cast(:arguments as text) as jsonb), :timeout, :reboot, 'QUEUED')
                """)
                .setParameter("id", id)
                .setParameter("instance", command.instanceId())
                .setParameter("action", command.action())
                .setParameter("installType", command.installType())
                .setParameter("package", command.packageName())
                .setParameter("version", command.version())
                .setParameter("fileSha256", command.fileSha256())
                .setParameter("fileSize", command.fileSize())
                .setParameter("previousVersion", command.previousVersion())
                .setParameter("previousSha256", command.previousFileSha256())
                .setParameter("arguments", toJson(command.arguments()))
                .setParameter("timeout", command.timeoutSeconds())
                .setParameter("reboot", command.rebootAllowed())
                .executeUpdate()
                .replaceWith(id);
    }

    /** Rows per insert statement of {@link #recordAll}, so one parameter stays a few megabytes at most. */
    private static final int RECORD_BATCH = 1_000;

    /** One insert per {@value #RECORD_BATCH} commands, the rows passed as one JSON array. */
    @Override
    public Uni<List<UUID>> recordAll(Mutiny.Session session, List<CommandSpec> commands) {
        List<UUID> ids = new ArrayList<>(commands.size());
        List<List<CommandSpec>> batches = new ArrayList<>();
        for (int from = 0; from < commands.size(); from += RECORD_BATCH) {
            batches.add(commands.subList(from, Math.min(commands.size(), from + RECORD_BATCH)));
        }
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> {
                    List<Map<String, Object>> rows = new ArrayList<>(batch.size());
                    for (CommandSpec command : batch) {
                        UUID id = UUID.randomUUID();
                        ids.add(id);
                        Map<String, Object> row = new HashMap<>();
                        row.put("id", id.toString());
                        row.put("instance_id", command.instanceId());
                        row.put("action", command.action());
                        row.put("install_type", command.installType());
                        row.put("package_name", command.packageName());
                        row.put("version", command.version());
                        row.put("file_sha256", command.fileSha256());
                        row.put("file_size", command.fileSize());
                        row.put("previous_version", command.previousVersion());
                        row.put("previous_file_sha256", command.previousFileSha256());
                        row.put("arguments", command.arguments() == null ? Map.of() : command.arguments());
                        row.put("timeout_seconds", command.timeoutSeconds());
                        row.put("reboot_allowed", command.rebootAllowed());
                        rows.add(row);
                    }
                    return session.createNativeQuery("""
                            insert into agent_command (id, instance_id, action, install_type, package_name, version,
                                                       file_sha256, file_size, previous_version, previous_file_sha256,
                                                       arguments, timeout_seconds, reboot_allowed, state)
                            select r.id, r.instance_id, r.action, r.install_type, r.package_name, r.version,
                                   r.file_sha256, r.file_size, r.previous_version, r.previous_file_sha256,
                                   coalesce(r.arguments, '{}'::jsonb), r.timeout_seconds, r.reboot_allowed, 'QUEUED'
                            from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as r(
                                id uuid, instance_id text, action text, install_type text, package_name text,
                                version text, file_sha256 text, file_size bigint, previous_version text,
                                previous_file_sha256 text, arguments jsonb, timeout_seconds integer,
                                reboot_allowed boolean)
                            """)
                            .setParameter("rows", toJson(rows))
                            .executeUpdate();
                })
                .collect().last()
                .replaceWith(ids);
    }

    /** One statement: marks the rows sent and sends one NOTIFY per distinct host, delivered when it commits. */
    @Override
    public Uni<Void> send(List<UUID> commandIds) {
        if (commandIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(SEND.formatted("id = any($1::uuid[])", CommandWakeups.CHANNEL))
                .execute(Tuple.of(commandIds.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    @Override
    public Uni<Integer> resendUnsent(int olderThanSeconds) {
        return pool.preparedQuery(SEND.formatted(
                "sent_at is null and created_at <= now() - make_interval(secs => $1)", CommandWakeups.CHANNEL))
                .execute(Tuple.of((double) olderThanSeconds))
                .map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    @Override
    public Uni<List<CommandObservation>> observe(Mutiny.Session session, Collection<UUID> commandIds) {
        if (commandIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // The output tail is read only once a command finished: an engine tick observes every open command.
        return session.createNativeQuery("""
                select id, state, exit_code, reboot_required, step,
                       case when state in ('SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLED') then output end,
                       started_at, finished_at
                from agent_command where id in (:ids)
                """, Object[].class)
                .setParameter("ids", commandIds)
                .getResultList()
                .map(rows -> {
                    List<CommandObservation> observed = new ArrayList<>(rows.size());
                    for (Object[] row : rows) {
                        observed.add(new CommandObservation((UUID) row[0], (String) row[1], Columns.integer(row[2]),
                                Columns.bool(row[3]), (String) row[4], (String) row[5], Columns.time(row[6]),
                                Columns.time(row[7])));
                    }
                    return observed;
                });
    }

    @Override
    public Uni<List<UUID>> withdraw(Mutiny.Session session, Collection<UUID> commandIds) {
        if (commandIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // A DELIVERED command may be in the host's hands; if it reports IN_PROGRESS now, the report is refused as
        // "finished" and the agent gives the command up before running anything (docs/AGENT-PROTOCOL.md).
        return session.createNativeQuery("""
                update agent_command set state = 'CANCELLED', finished_at = now(), lease_until = null
                where id in (:ids) and state in ('QUEUED', 'DELIVERED')
                returning id
                """, UUID.class)
                .setParameter("ids", commandIds)
                .getResultList();
    }

    @Override
    public Uni<Void> abandon(Mutiny.Session session, Collection<UUID> commandIds) {
        if (commandIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Only IN_PROGRESS frees the host: the queue hands a host nothing while one of its commands runs.
        return session.createNativeQuery("""
                update agent_command set state = 'TIMED_OUT', step = 'no-report', finished_at = now()
                where id in (:ids) and state = 'IN_PROGRESS'
                """)
                .setParameter("ids", commandIds)
                .executeUpdate()
                .replaceWithVoid();
    }

    void resendAtStart(@Observes StartupEvent start) {
        resendUnsent(0).subscribe().with(
                count -> LOG.infof("Sent %d agent command(s) recorded but never sent", count),
                failure -> LOG.warn("Could not send unsent agent commands at start; the scheduled job retries",
                        failure));
    }

    @Scheduled(every = "30s", delayed = "30s", identity = "agent-resend-unsent", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resendOrphaned() {
        return resendUnsent(ORPHANED_AFTER_SECONDS)
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Sent %d orphaned agent command(s)", count);
                    }
                })
                .onFailure().invoke(e -> LOG.warn("Resending unsent agent commands failed", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private String toJson(List<Map<String, Object>> rows) {
        try {
            return json.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("commands must serialise to JSON", e);
        }
    }

    private String toJson(Map<String, String> arguments) {
        try {
            return json.writeValueAsString(arguments == null ? Map.of() : arguments);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments must be a map of strings", e);
        }
    }
}
