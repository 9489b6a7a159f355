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

    /** Host {@code %1$s} has a command in its hands: one at a time per host. */
    private static final String BUSY = """
            exists (select 1 from agent_command o where o.instance_id = %1$s
                      and (o.state = 'IN_PROGRESS' or (o.state = 'DELIVERED' and o.lease_until >= now())))
            """;

    private static final String HOSTS_THAT_MAY_TAKE_ONE = "select h.id from unnest($1::text[]) as h(id) "
            + "where exists (select 1 from agent_command c where " + DELIVERABLE.formatted("h.id") + ") and not "
            + BUSY.formatted("h.id");

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

    /** Rows per insert statement of {@link #insertAll}, so one parameter stays a few megabytes at most. */
    private static final int INSERT_BATCH = 1_000;

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

    /** Records QUEUED, unsent commands, one insert per {@value #INSERT_BATCH}; ids in the order of the specs. */
    public Uni<List<UUID>> insertAll(Mutiny.Session session, List<CommandSpec> commands) {
        List<UUID> ids = new ArrayList<>(commands.size());
        List<List<CommandSpec>> batches = new ArrayList<>();
        for (int from = 0; from < commands.size(); from += INSERT_BATCH) {
            batches.add(commands.subList(from, Math.min(commands.size(), from + INSERT_BATCH)));
        }
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> session.createNativeQuery("""
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
                        .setParameter("rows", toJson(rowsOf(batch, ids)))
                        .executeUpdate())
                .collect().last()
                .replaceWith(ids);
    }

    private static List<Map<String, Object>> rowsOf(List<CommandSpec> batch, List<UUID> ids) {
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
        return rows;
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

    /** REPORT_IN_PROGRESS: the agent started; the lease ends, {@code step} (if any) is kept. */
    public Uni<Void> start(Mutiny.Session session, UUID id, String step) {
        return session.createNativeQuery("""
                update agent_command set state = '%s', started_at = now(), lease_until = null,
                                         step = coalesce(cast(:step as text), step)
                where id = :id
                """.formatted(AgentCommandLifecycle.to(Event.REPORT_IN_PROGRESS)))
                .setParameter("step", step)
                .setParameter("id", id)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** A final report: the command ends in {@code state} with what the agent told. */
    public Uni<Void> finish(Mutiny.Session session, UUID id, AgentCommandState state, Integer exitCode,
            boolean rebootRequired, String step, String output) {
        if (!state.isFinal()) {
            throw new IllegalArgumentException(state + " is not a final state");
        }
        return session.createNativeQuery("""
                update agent_command
                set state = :status, exit_code = :exitCode, reboot_required = :reboot,
                    step = coalesce(cast(:step as text), step), output = cast(:output as text),
                    started_at = coalesce(started_at, now()), finished_at = now(), lease_until = null
                where id = :id
                """)
                .setParameter("status", state.name())
                .setParameter("exitCode", exitCode)
                .setParameter("reboot", rebootRequired)
                .setParameter("step", step)
                .setParameter("output", output)
                .setParameter("id", id)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** WITHDRAW for a host that leaves: its waiting commands are cancelled with {@code step} as the reason. */
    public Uni<Integer> cancelWaiting(Mutiny.Session session, String instanceId, String step) {
        return session.createNativeQuery("""
                update agent_command
                   set state = '%s', step = :step, finished_at = now()
                 where instance_id = :id and state in (%s)
                """.formatted(AgentCommandLifecycle.to(Event.WITHDRAW),
                AgentCommandState.sqlList(AgentCommandLifecycle.from(Event.WITHDRAW))))
                .setParameter("step", step)
                .setParameter("id", instanceId)
                .executeUpdate();
    }

    /** WITHDRAW: cancels those commands that have not started; returns their ids. */
    public Uni<List<UUID>> withdraw(Mutiny.Session session, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return session.createNativeQuery("""
                update agent_command set state = '%s', finished_at = now(), lease_until = null
                where id in (:ids) and state in (%s)
                returning id
                """.formatted(AgentCommandLifecycle.to(Event.WITHDRAW),
                AgentCommandState.sqlList(AgentCommandLifecycle.from(Event.WITHDRAW))), UUID.class)
                .setParameter("ids", ids)
                .getResultList();
    }

    /** ABANDON: those commands still running time out with step {@code no-report}. */
    public Uni<Void> abandon(Mutiny.Session session, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("""
                update agent_command set state = '%s', step = 'no-report', finished_at = now()
                where id in (:ids) and state = '%s'
                """.formatted(AgentCommandLifecycle.to(Event.ABANDON), single(Event.ABANDON)))
                .setParameter("ids", ids)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** What the engine reads of each command; the output tail only once the command finished. */
    public Uni<List<CommandObservation>> observe(Mutiny.Session session, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return session.createNativeQuery("""
                select id, state, exit_code, reboot_required, step,
                       case when state in (%s) then output end as output,
                       started_at, finished_at
                from agent_command where id in (:ids)
                """.formatted(AgentCommandState.sqlList(AgentCommandState.FINAL)), jakarta.persistence.Tuple.class)
                .setParameter("ids", ids)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(row -> new CommandObservation(row.get("id", UUID.class), row.get("state", String.class),
                                Columns.integer(row.get("exit_code")), Columns.bool(row.get("reboot_required")),
                                row.get("step", String.class), row.get("output", String.class),
                                Columns.time(row.get("started_at")), Columns.time(row.get("finished_at"))))
                        .toList());
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
     * Of {@code instanceIds}, the hosts that have a command to deliver now and none in their hands: one statement for
     * any number of hosts, read-only, so an idle poll writes nothing.
     */
    public Uni<Set<String>> hostsThatMayTakeOne(Collection<String> instanceIds) {
        return pool.preparedQuery(HOSTS_THAT_MAY_TAKE_ONE)
                .execute(Tuple.of(instanceIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> ready = new HashSet<>();
                    for (Row row : rows) {
                        ready.add(row.getString("id"));
                    }
                    return ready;
                });
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
