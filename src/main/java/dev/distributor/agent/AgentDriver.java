package dev.distributor.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

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
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.distributor.agent.queue.CommandWakeups;
import dev.distributor.fleet.CommandObservation;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.fleet.TargetDriver;
import dev.distributor.fleet.domain.DriverKind;

/**
 * Commands for built-in agents, in the {@code agent_command} table that their polls read.
 *
 * <p>
 * The rollout engine reaches it through the {@link TargetDriver} port: {@link #send} inserts the issued commands as
 * QUEUED and NOTIFYs each host's polls once, in one statement; a command sent again is not inserted twice, and one
 * withdrawn first stays withdrawn (its row is written CANCELLED). Operators' single commands
 * ({@code AgentCommandService}) are written with their audit row by {@link #record} and sent after commit; a command
 * recorded but never sent (a crash between the two) is sent by {@link #resendUnsent}, at start and every 30 s.
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
            select (select count(*) from sent) as sent, (select count(*) from notified) as notified
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

    /**
     * Writes an operator's single command in the caller's session and transaction (with its audit row), unsent: no
     * poll delivers it until {@link #sendRecorded} (after commit) or {@link #resendUnsent} marks it sent.
     */
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

    /** Marks recorded commands sent and NOTIFYs each host's polls once; call after the recording committed. */
    public Uni<Void> sendRecorded(List<UUID> commandIds) {
        if (commandIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(SEND.formatted("id = any($1::uuid[])", CommandWakeups.CHANNEL))
                .execute(Tuple.of(commandIds.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    /** Sends every command recorded more than {@code olderThanSeconds} ago and never sent; returns how many. */
    public Uni<Integer> resendUnsent(int olderThanSeconds) {
        return pool.preparedQuery(SEND.formatted(
                "sent_at is null and created_at <= now() - make_interval(secs => $1)", CommandWakeups.CHANNEL))
                .execute(Tuple.of((double) olderThanSeconds))
                .map(rows -> rows.iterator().next().getLong("sent").intValue());
    }

    /** Commands per statement of {@link #send} and {@link #withdraw}, so one parameter stays a few megabytes. */
    private static final int BATCH = 1_000;

    /** The issued commands as rows of one JSON array parameter; the statement reads them with this column list. */
    private static final String ISSUED_ROWS = """
            jsonb_to_recordset($1::text::jsonb) as r(
                id uuid, instance_id text, action text, install_type text, package_name text, version text,
                file_sha256 text, file_size bigint, previous_version text, previous_file_sha256 text, arguments jsonb,
                timeout_seconds integer, reboot_allowed boolean)
            """;
    private static final String INSERT_COLUMNS = """
            id, instance_id, action, install_type, package_name, version, file_sha256, file_size, previous_version,
            previous_file_sha256, arguments, timeout_seconds, reboot_allowed
            """;
    private static final String ISSUED_VALUES = """
            r.id, r.instance_id, r.action, r.install_type, r.package_name, r.version, r.file_sha256, r.file_size,
            r.previous_version, r.previous_file_sha256, coalesce(r.arguments, '{}'::jsonb), r.timeout_seconds,
            r.reboot_allowed
            """;

    /** Inserts what is new as QUEUED and sent, and wakes each host that got a new command (on commit). */
    private static final String SEND_ISSUED = """
            with inserted as (
              insert into agent_command (%1$s, state, sent_at)
              select %2$s, 'QUEUED', now() from %3$s
              on conflict (id) do nothing
              returning instance_id
            ), notified as (
              select pg_notify('%4$s', instance_id) from (select distinct instance_id from inserted) hosts
            )
            select (select count(*) from inserted) as inserted, (select count(*) from notified) as notified
            """.formatted(INSERT_COLUMNS, ISSUED_VALUES, ISSUED_ROWS, CommandWakeups.CHANNEL);

    /**
     * Cancels what no host started; a command never received is written CANCELLED, so a late send of it is ignored.
     * A DELIVERED command may be in the host's hands: if it reports IN_PROGRESS now, the report is refused as
     * "finished" and the agent gives the command up before running anything (docs/AGENT-PROTOCOL.md).
     */
    private static final String WITHDRAW = """
            insert into agent_command as c (%1$s, state, finished_at)
            select %2$s, 'CANCELLED', now() from %3$s
            on conflict (id) do update set state = 'CANCELLED', finished_at = now(), lease_until = null
              where c.state in ('QUEUED', 'DELIVERED')
            returning c.id
            """.formatted(INSERT_COLUMNS, ISSUED_VALUES, ISSUED_ROWS);

    @Override
    public Uni<Void> send(List<IssuedCommand> commands) {
        return inBatches(commands, batch -> pool.preparedQuery(SEND_ISSUED)
                .execute(Tuple.of(rowsJson(batch)))
                .replaceWith(List.<UUID>of()))
                .replaceWithVoid();
    }

    @Override
    public Uni<List<CommandObservation>> observe(Collection<UUID> commandIds) {
        if (commandIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // The output tail is read only once a command finished: an engine tick observes every open command.
        return pool.preparedQuery("""
                select id, state, exit_code, reboot_required, step,
                       case when state in ('SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLED') then output end as output,
                       started_at, finished_at
                from agent_command where id = any($1::uuid[])
                """)
                .execute(Tuple.of(commandIds.toArray(UUID[]::new)))
                .map(rows -> {
                    List<CommandObservation> observed = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        observed.add(new CommandObservation(row.getUUID("id"), row.getString("state"),
                                row.getInteger("exit_code"), row.getBoolean("reboot_required"), row.getString("step"),
                                row.getString("output"), row.getOffsetDateTime("started_at"),
                                row.getOffsetDateTime("finished_at")));
                    }
                    return observed;
                });
    }

    @Override
    public Uni<List<UUID>> withdraw(List<IssuedCommand> commands) {
        return inBatches(commands, batch -> pool.preparedQuery(WITHDRAW)
                .execute(Tuple.of(rowsJson(batch)))
                .map(rows -> {
                    List<UUID> withdrawn = new ArrayList<>(rows.size());
                    rows.forEach(row -> withdrawn.add(row.getUUID("id")));
                    return withdrawn;
                }));
    }

    @Override
    public Uni<Void> abandon(Collection<UUID> commandIds) {
        if (commandIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Only IN_PROGRESS frees the host: the queue hands a host nothing while one of its commands runs.
        return pool.preparedQuery("""
                update agent_command set state = 'TIMED_OUT', step = 'no-report', finished_at = now()
                where id = any($1::uuid[]) and state = 'IN_PROGRESS'
                """)
                .execute(Tuple.of(commandIds.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    /** Runs one statement per {@value #BATCH} commands, one after another; returns what they returned, in order. */
    private static Uni<List<UUID>> inBatches(List<IssuedCommand> commands,
            Function<List<IssuedCommand>, Uni<List<UUID>>> statement) {
        List<List<IssuedCommand>> batches = new ArrayList<>();
        for (int from = 0; from < commands.size(); from += BATCH) {
            batches.add(commands.subList(from, Math.min(commands.size(), from + BATCH)));
        }
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> statement.apply(batch))
                .collect().asList()
                .map(results -> results.stream().flatMap(List::stream).toList());
    }

    private String rowsJson(List<IssuedCommand> commands) {
        List<Map<String, Object>> rows = new ArrayList<>(commands.size());
        for (IssuedCommand issued : commands) {
            CommandSpec command = issued.spec();
            Map<String, Object> row = new HashMap<>();
            row.put("id", issued.commandId().toString());
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
        try {
            return json.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("commands must serialise to JSON", e);
        }
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

    private String toJson(Map<String, String> arguments) {
        try {
            return json.writeValueAsString(arguments == null ? Map.of() : arguments);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments must be a map of strings", e);
        }
    }
}
