package dev.distributor.agent.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.distributor.agent.domain.AgentCommandLifecycle;
import dev.distributor.agent.domain.AgentCommandLifecycle.Event;
import dev.distributor.agent.domain.AgentCommandState;
import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.common.db.Columns;
import dev.distributor.fleet.CommandObservation;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.DriverReports;
import dev.distributor.fleet.IssuedCommand;

/**
 * Every statement on the {@code agent_command} table; rows are read by column name into {@link AgentCommand}. State
 * moves take their from- and to-states from {@link AgentCommandLifecycle}; leases and timeouts use the database's
 * clock.
 *
 * <p>
 * Two clients, each for what it is good at. Methods taking a {@link Mutiny.Session} run in the caller's transaction
 * (a unit of work, the rollout engine), so the command moves and the audit row commit or roll back together.
 * Methods without one are single statements outside any transaction on the reactive {@link Pool}: the poll's batched
 * check (once per held poll, thousands per second) and the other reads need no session or transaction, and opening a
 * Hibernate session for each would add work to the hottest path for nothing; {@link #markSent} must run after the
 * caller's commit, so it cannot use the caller's session either.
 */
@ApplicationScoped
public class AgentCommandRepository {

    /** The columns {@link #toCommand} reads, by these names. */
    private static final String COLUMNS = """
            id, instance_id, action, install_type, package_name, version, file_sha256, file_size, previous_version,
            previous_file_sha256, arguments::text as arguments, timeout_seconds, reboot_allowed, state, deliveries,
            sent_at is not null as sent, exit_code, reboot_required, step, output, created_at, started_at,
            finished_at
            """;

    /** A command of host {@code %1$s} a poll may deliver now: sent, and queued or its lease ran out (DELIVER). */
    private static final String DELIVERABLE = """
            c.instance_id = %1$s and c.sent_at is not null
              and (c.state = 'QUEUED' or (c.state = 'DELIVERED' and c.lease_until < now()))
            """;

    /** Host {@code %1$s} has a command in its hands (running, or rebooting for it): one at a time per host. */
    private static final String BUSY = """
            exists (select 1 from agent_command o where o.instance_id = %1$s
                      and (o.state in ('IN_PROGRESS', 'REBOOTING') or (o.state = 'DELIVERED' and o.lease_until >= now())))
            """;

    /** Per host: whether it may take a command now, and whether it has none open at all (queued, delivered, ...). */
    private static final String QUEUE_CHECK = """
            select h.id,
                   exists (select 1 from agent_command c where %1$s) and not busy as ready,
                   not busy and not exists (select 1 from agent_command p where p.instance_id = h.id
                                              and p.state in ('QUEUED', 'DELIVERED')) as quiet
            from unnest($1::text[]) as h(id), lateral (select %2$s as busy) b
            """.formatted(DELIVERABLE.formatted("h.id"), BUSY.formatted("h.id"));

    /** Marks rows sent and NOTIFYs each of their hosts once; {@code %s} is the row filter. */
    private static final String SEND = """
            with sent as (
              update agent_command set sent_at = coalesce(sent_at, now())
              where %s
              returning instance_id
            ), hosts as (
              select distinct instance_id from sent
            ), notified as (
              select pg_notify($2, instance_id) from hosts
            )
            select (select count(*) from sent), (select count(*) from notified)
            """;

    /** The states in which a host holds the command (delivered, or running). */
    private static final Set<AgentCommandState> IN_HOSTS_HANDS = Set.of(AgentCommandState.DELIVERED,
            AgentCommandState.IN_PROGRESS);

    private final Pool pool;
    private final ObjectMapper json;

    public AgentCommandRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    // ---- In the caller's transaction -------------------------------------------------------------------------------

    /** Records one QUEUED, unsent command; returns its new id. */
    public Uni<UUID> insert(Mutiny.Session session, CommandSpec command) {
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
                .setParameter("arguments", toJson(command.arguments() == null ? Map.of() : command.arguments()))
                .setParameter("timeout", command.timeoutSeconds())
                .setParameter("reboot", command.rebootAllowed())
                .executeUpdate()
                .replaceWith(id);
    }

    /** GIVE_UP: the host's delivered commands whose lease ran out after {@code maxDeliveries} fail. */
    public Uni<Integer> giveUpUnacknowledged(Mutiny.Session session, String instanceId, int maxDeliveries) {
        return session.createNativeQuery("""
                update agent_command
                set state = '%s', step = 'not-acknowledged', finished_at = now(), lease_until = null
                where instance_id = :instance and state = '%s' and lease_until < now()
                  and deliveries >= :max
                """.formatted(AgentCommandLifecycle.to(Event.GIVE_UP), single(Event.GIVE_UP)))
                .setParameter("instance", instanceId)
                .setParameter("max", maxDeliveries)
                .executeUpdate();
    }

    /**
     * The host's oldest command a poll may deliver now, locked (others' locked rows are skipped), or empty when there
     * is none or the host has a command in its hands.
     */
    public Uni<Optional<UUID>> lockNextDeliverable(Mutiny.Session session, String instanceId) {
        return session.createNativeQuery("select c.id from agent_command c where "
                + DELIVERABLE.formatted(":instance") + " and not " + BUSY.formatted(":instance")
                + " order by c.created_at, c.id limit 1 for update skip locked", UUID.class)
                .setParameter("instance", instanceId)
                .getResultList()
                .map(ids -> ids.stream().findFirst());
    }

    /** DELIVER: leases the command for {@code lease} and counts the delivery. */
    public Uni<Void> deliver(Mutiny.Session session, UUID id, Duration lease) {
        return session.createNativeQuery("""
                update agent_command
                set state = '%s', deliveries = deliveries + 1, lease_until = now() + make_interval(secs => :lease)
                where id = :id
                """.formatted(AgentCommandLifecycle.to(Event.DELIVER)))
                .setParameter("lease", (double) lease.toMillis() / 1000)
                .setParameter("id", id)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** The command, locked until the caller's transaction ends, for applying a report to it. */
    public Uni<Optional<AgentCommand>> lockForReport(Mutiny.Session session, UUID id) {
        return session.createNativeQuery("select " + COLUMNS + " from agent_command where id = :id for update",
                jakarta.persistence.Tuple.class)
                .setParameter("id", id)
                .getResultList()
                .map(rows -> rows.stream().findFirst().map(row -> toCommand(row::get)));
    }

    /**
     * A report's UPDATE ({@code %s}, one row) that also tells every replica's rollout engine, when the transaction
     * commits, that the command moved ({@link DriverReports#CHANNEL}): the announcement costs no extra round trip on
     * the report path.
     */
    private static final String AND_ANNOUNCE = """
            with moved as (%s returning id)
            select cast(pg_notify(:channel, cast(id as text)) as text) from moved
            """;

    /** REPORT_IN_PROGRESS: the agent started; the lease ends, {@code step} (if any) is kept. Announced. */
    public Uni<Void> start(Mutiny.Session session, UUID id, String step) {
        return session.createNativeQuery(AND_ANNOUNCE.formatted("""
                update agent_command set state = '%s', started_at = now(), lease_until = null,
                                         step = coalesce(cast(:step as text), step)
                where id = :id
                """.formatted(AgentCommandLifecycle.to(Event.REPORT_IN_PROGRESS))))
                .setParameter("step", step)
                .setParameter("id", id)
                .setParameter("channel", DriverReports.CHANNEL)
                .getResultList()
                .replaceWithVoid();
    }

    /**
     * REPORT_REBOOTING: the script succeeded and its host reboots; the command keeps what the agent told (exit code,
     * step, output so far) until the final report after the boot. Announced.
     */
    public Uni<Void> rebooting(Mutiny.Session session, UUID id, Integer exitCode, String step, String output) {
        return report(session, id, AgentCommandLifecycle.to(Event.REPORT_REBOOTING), exitCode, true, step, output);
    }

    /** A final report: the command ends in {@code state} with what the agent told. Announced. */
    public Uni<Void> finish(Mutiny.Session session, UUID id, AgentCommandState state, Integer exitCode,
            boolean rebootRequired, String step, String output) {
        if (!state.isFinal()) {
            throw new IllegalArgumentException(state + " is not a final state");
        }
        return report(session, id, state, exitCode, rebootRequired, step, output);
    }

    /** Records a report that carries an outcome (REBOOTING or final); {@code finished_at} only for a final one. */
    private Uni<Void> report(Mutiny.Session session, UUID id, AgentCommandState state, Integer exitCode,
            boolean rebootRequired, String step, String output) {
        return session.createNativeQuery(AND_ANNOUNCE.formatted("""
                update agent_command
                set state = :status, exit_code = :exitCode, reboot_required = :reboot,
                    step = coalesce(cast(:step as text), step), output = cast(:output as text),
                    started_at = coalesce(started_at, now()),
                    finished_at = case when cast(:final as boolean) then now() end, lease_until = null
                where id = :id
                """))
                .setParameter("status", state.name())
                .setParameter("exitCode", exitCode)
                .setParameter("reboot", rebootRequired)
                .setParameter("step", step)
                .setParameter("output", output)
                .setParameter("final", state.isFinal())
                .setParameter("id", id)
                .setParameter("channel", DriverReports.CHANNEL)
                .getResultList()
                .replaceWithVoid();
    }

    /**
     * HOST_LEFT: every unfinished command of a deregistered host, running ones included, is cancelled with {@code step}
     * as the reason. Announced, so every replica's rollout engine maps it to its invocation at once.
     */
    public Uni<Integer> cancelUnfinished(Mutiny.Session session, String instanceId, String step) {
        return session.createNativeQuery(AND_ANNOUNCE.formatted("""
                update agent_command
                   set state = '%s', step = :step, finished_at = now(), lease_until = null
                 where instance_id = :id and state in (%s)
                """.formatted(AgentCommandLifecycle.to(Event.HOST_LEFT),
                AgentCommandState.sqlList(AgentCommandLifecycle.from(Event.HOST_LEFT)))))
                .setParameter("step", step)
                .setParameter("id", instanceId)
                .setParameter("channel", DriverReports.CHANNEL)
                .getResultList()
                .map(List::size);
    }

    // ---- Single statements outside transactions ---------------------------------------------------------------------

    public Uni<Optional<AgentCommand>> find(UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from agent_command where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(toCommand(rows.iterator().next()))
                        : Optional.empty());
    }

    /**
     * Of {@code instanceIds}: the hosts that have a command to deliver now and none in their hands, and those with no
     * command open at all (none queued, delivered, running or rebooting). One read-only statement for any number of
     * hosts, so an idle poll writes nothing.
     */
    public Uni<QueueCheck> checkQueues(Collection<String> instanceIds) {
        return pool.preparedQuery(QUEUE_CHECK)
                .execute(Tuple.of(instanceIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> ready = new HashSet<>();
                    Set<String> quiet = new HashSet<>();
                    for (Row row : rows) {
                        if (row.getBoolean("ready")) {
                            ready.add(row.getString("id"));
                        } else if (row.getBoolean("quiet")) {
                            quiet.add(row.getString("id"));
                        }
                    }
                    return new QueueCheck(ready, quiet);
                });
    }

    /** What {@link #checkQueues} found: hosts that may take a command now, and hosts with no command open. */
    public record QueueCheck(Set<String> ready, Set<String> quiet) {
    }

    /** Whether a delivered or in-progress command of this host names the file (for the file relay). */
    public Uni<Boolean> currentCommandNames(String instanceId, String sha256) {
        return pool.preparedQuery("""
                select exists (select 1 from agent_command
                               where instance_id = $1 and state in (%s)
                                 and (file_sha256 = $2 or previous_file_sha256 = $2)) as named
                """.formatted(AgentCommandState.sqlList(IN_HOSTS_HANDS)))
                .execute(Tuple.of(instanceId, sha256))
                .map(rows -> rows.iterator().next().getBoolean("named"));
    }

    /** The latest {@code last} commands of each host, newest first; hosts without commands are absent. */
    public Uni<Map<String, List<AgentCommand>>> recentOf(Collection<String> instanceIds, int last) {
        return pool.preparedQuery("""
                select * from (
                  select %s, row_number() over (partition by instance_id order by created_at desc) as rank
                    from agent_command where instance_id = any($1)
                ) ranked where rank <= $2 order by instance_id, created_at desc
                """.formatted(COLUMNS))
                .execute(Tuple.of(instanceIds.toArray(String[]::new), last))
                .map(rows -> {
                    Map<String, List<AgentCommand>> byHost = new LinkedHashMap<>();
                    for (Row row : rows) {
                        AgentCommand command = toCommand(row);
                        byHost.computeIfAbsent(command.instanceId(), id -> new ArrayList<>()).add(command);
                    }
                    return byHost;
                });
    }

    /**
     * Marks the commands sent and NOTIFYs each host once, in one statement that commits by itself: call it after the
     * transaction that recorded them committed, so no poll is woken for a row it cannot see yet.
     */
    public Uni<Void> markSent(Collection<UUID> ids, String channel) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(SEND.formatted("id = any($1::uuid[])"))
                .execute(Tuple.of(ids.toArray(UUID[]::new), channel))
                .replaceWithVoid();
    }

    /** Sends commands recorded at least {@code olderThanSeconds} ago and never sent; returns how many. */
    public Uni<Integer> markUnsentSent(int olderThanSeconds, String channel) {
        return pool.preparedQuery(
                SEND.formatted("sent_at is null and created_at <= now() - make_interval(secs => $1)"))
                .execute(Tuple.of((double) olderThanSeconds, channel))
                .map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    // ---- Issued commands (the driver port), each statement committing by itself ---------------------------------

    /** Commands per statement of {@link #send} and {@link #withdraw}, so one parameter stays a few megabytes. */
    private static final int BATCH = 1_000;

    /**
     * The issued commands as rows of one JSON array parameter; the statement reads them with this column list. The
     * statements that write them ({@link #SEND_ISSUED}, {@link #WITHDRAW}) go through them in id order: a withdrawal can
     * meet the send of the same commands (a control stopping a run just after a tick), and two statements that take
     * the same rows in different orders can each wait for the other (PostgreSQL then aborts one, 40P01).
     */
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
              select %2$s, 'QUEUED', now() from %3$s order by r.id
              on conflict (id) do nothing
              returning instance_id
            ), notified as (
              select pg_notify($2, instance_id) from (select distinct instance_id from inserted) hosts
            )
            select (select count(*) from inserted) as inserted, (select count(*) from notified) as notified
            """.formatted(INSERT_COLUMNS, ISSUED_VALUES, ISSUED_ROWS);

    /**
     * Cancels what no host started; a command never received is written CANCELLED, so a late send of it is ignored.
     * A DELIVERED command may be in the host's hands: if it reports IN_PROGRESS now, the report is refused as
     * "finished" and the agent gives the command up before running anything (docs/AGENT-PROTOCOL.md).
     */
    private static final String WITHDRAW = """
            insert into agent_command as c (%1$s, state, finished_at)
            select %2$s, 'CANCELLED', now() from %3$s order by r.id
            on conflict (id) do update set state = 'CANCELLED', finished_at = now(), lease_until = null
              where c.state in ('QUEUED', 'DELIVERED')
            returning c.id
            """.formatted(INSERT_COLUMNS, ISSUED_VALUES, ISSUED_ROWS);

    /**
     * Inserts issued commands QUEUED and sent, skipping ids already present, and NOTIFYs on {@code channel} each host
     * that got a new one; one statement per batch, each committing by itself.
     */
    public Uni<Void> insertSent(List<IssuedCommand> commands, String channel) {
        return inBatches(commands, batch -> pool.preparedQuery(SEND_ISSUED)
                .execute(Tuple.of(rowsJson(batch), channel))
                .replaceWith(List.<UUID>of()))
                .replaceWithVoid();
    }

    /** What the engine reads of each command; the output tail only once the command finished. */
    public Uni<List<CommandObservation>> observe(Collection<UUID> commandIds) {
        if (commandIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // The output tail is read only once a command finished (or its host reboots): an engine tick observes every
        // open command.
        return pool.preparedQuery("""
                select id, state, exit_code, reboot_required, step,
                       case when state in (%s) or state = 'REBOOTING' then output end as output,
                       started_at, finished_at
                from agent_command where id = any($1::uuid[])
                """.formatted(AgentCommandState.sqlList(AgentCommandState.FINAL)))
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

    /** WITHDRAW, and a CANCELLED row for an issued command never inserted; returns the ids withdrawn. */
    public Uni<List<UUID>> withdraw(List<IssuedCommand> commands) {
        return inBatches(commands, batch -> pool.preparedQuery(WITHDRAW)
                .execute(Tuple.of(rowsJson(batch)))
                .map(rows -> {
                    List<UUID> withdrawn = new ArrayList<>(rows.size());
                    rows.forEach(row -> withdrawn.add(row.getUUID("id")));
                    return withdrawn;
                }));
    }

    /**
     * ABANDON: those commands still running time out with step {@code no-report}, those whose host never came back
     * from its reboot with step {@code no-report-after-reboot}.
     */
    public Uni<Void> abandon(Collection<UUID> commandIds) {
        if (commandIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Only a command in the host's hands (running, or rebooting for it) is given up: that frees the host, which the
        // queue hands nothing while it holds one.
        return pool.preparedQuery("""
                update agent_command set state = '%s', finished_at = now(),
                       step = case when state = 'REBOOTING' then 'no-report-after-reboot' else 'no-report' end
                where id = any($1::uuid[]) and state in (%s)
                """.formatted(AgentCommandLifecycle.to(Event.ABANDON),
                AgentCommandState.sqlList(AgentCommandLifecycle.from(Event.ABANDON))))
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

    // ---- Mapping ---------------------------------------------------------------------------------------------------

    private AgentCommand toCommand(Row row) {
        return toCommand(row::getValue);
    }

    /** One row, read by column name; works for a pool row and for a Hibernate tuple alike. */
    private AgentCommand toCommand(Function<String, Object> column) {
        return new AgentCommand(
                (UUID) column.apply("id"),
                (String) column.apply("instance_id"),
                (String) column.apply("action"),
                (String) column.apply("install_type"),
                (String) column.apply("package_name"),
                (String) column.apply("version"),
                (String) column.apply("file_sha256"),
                Columns.longValue(column.apply("file_size")),
                (String) column.apply("previous_version"),
                (String) column.apply("previous_file_sha256"),
                arguments((String) column.apply("arguments")),
                Columns.integer(column.apply("timeout_seconds")),
                Columns.bool(column.apply("reboot_allowed")),
                AgentCommandState.ofColumn((String) column.apply("state")),
                Columns.integer(column.apply("deliveries")),
                Columns.bool(column.apply("sent")),
                Columns.integer(column.apply("exit_code")),
                Columns.bool(column.apply("reboot_required")),
                (String) column.apply("step"),
                (String) column.apply("output"),
                Columns.time(column.apply("created_at")),
                Columns.time(column.apply("started_at")),
                Columns.time(column.apply("finished_at")));
    }

    private Map<String, String> arguments(String text) {
        try {
            return json.readValue(text, new TypeReference<LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("agent_command.arguments is not a JSON object of strings", e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("commands must serialise to JSON", e);
        }
    }

    /** The one state {@code event} applies to, for statements written with {@code state = '...'}. */
    private static AgentCommandState single(Event event) {
        Set<AgentCommandState> from = AgentCommandLifecycle.from(event);
        if (from.size() != 1) {
            throw new IllegalStateException(event + " applies to " + from);
        }
        return from.iterator().next();
    }
}
