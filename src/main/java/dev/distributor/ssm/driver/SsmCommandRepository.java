package dev.distributor.ssm.driver;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.distributor.fleet.CommandObservation;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.DriverReports;
import dev.distributor.fleet.IssuedCommand;

/**
 * Every statement on the {@code ssm_command} table (V16, V18), rows read by column name. Each is one statement on the
 * reactive {@link Pool}, committing by itself: the driver port runs outside the caller's transaction (see
 * {@link dev.distributor.fleet.TargetDriver}), and no statement holds a lock while SSM is called. The one exception,
 * {@link #cancelForDeregistration}, runs in the deregistration's session, as fleet.TargetLifecycle asks. Leases use the
 * database's clock. Every change a rollout must see NOTIFYs {@link DriverReports#CHANNEL} with the command id, in the
 * same statement.
 */
@ApplicationScoped
public class SsmCommandRepository {

    /** The issued commands as rows of one JSON array parameter. */
    private static final String ISSUED_ROWS = "jsonb_to_recordset($1::text::jsonb) as r(id uuid, instance_id text, "
            + "spec jsonb)";

    private static final String INSERT_UNSENT = """
            insert into ssm_command (id, instance_id, spec, state)
            select r.id, r.instance_id, r.spec, 'UNSENT' from %s
            on conflict (id) do nothing
            """.formatted(ISSUED_ROWS);

    /** Unsent ones, and ones never received (written WITHDRAWN, so a later send of them inserts nothing). */
    private static final String WITHDRAW_UNSENT = """
            insert into ssm_command as c (id, instance_id, spec, state, status, finished_at)
            select r.id, r.instance_id, r.spec, 'WITHDRAWN', 'CANCELLED', now() from %s
            on conflict (id) do update set state = 'WITHDRAWN', status = 'CANCELLED', finished_at = now(),
                                           updated_at = now()
              where c.state = 'UNSENT'
            returning c.id
            """.formatted(ISSUED_ROWS);

    /** Claims due rows: unsent, or SENDING past the lease ($1 seconds); at most $2. */
    private static final String CLAIM = """
            with due as (
              select id from ssm_command
              where state = 'UNSENT' or (state = 'SENDING' and send_started_at < now() - make_interval(secs => $1))
              order by created_at
              limit $2
              for update skip locked
            )
            update ssm_command c
               set state = 'SENDING', send_started_at = now(), send_attempts = c.send_attempts + 1, updated_at = now()
              from due
             where c.id = due.id
            returning c.id, c.instance_id, c.spec::text as spec, c.send_attempts, c.created_at,
                      (select t.platform from target t where t.instance_id = c.instance_id) as platform,
                      exists (select 1 from target t where t.instance_id = c.instance_id
                                                       and t.deregistered_at is not null) as deregistered
            """;

    /** An UPDATE ({@code %s}, returning id) that NOTIFYs the rollout engines of every row it moved. */
    private static final String AND_ANNOUNCE = """
            with moved as (%s returning id)
            select pg_notify('%s', id::text) from moved
            """;

    private static final String OBSERVE = """
            select id, status, exit_code, reboot_required, step,
                   case when status in ('SUCCESS', 'FAILED', 'TIMED_OUT', 'CANCELLED') then output end as output,
                   started_at, finished_at
            from ssm_command where id = any($1::uuid[])
            """;

    private final Pool pool;
    private final ObjectMapper json;

    public SsmCommandRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** Inserts issued commands UNSENT; ids already present (sent, withdrawn, finished) change nothing. */
    public Uni<Integer> insertUnsent(List<IssuedCommand> commands) {
        if (commands.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery(INSERT_UNSENT)
                .execute(Tuple.of(rowsJson(commands)))
                .map(RowSet::rowCount);
    }

    /** Withdraws the unsent and the never received; returns their ids. */
    public Uni<List<UUID>> withdrawUnsent(List<IssuedCommand> commands) {
        if (commands.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(WITHDRAW_UNSENT)
                .execute(Tuple.of(rowsJson(commands)))
                .map(SsmCommandRepository::ids);
    }

    /** The sent, unfinished ones not yet being withdrawn: candidates for a CancelCommand once SSM says Pending. */
    public Uni<List<SentCommandRef>> sentNotWithdrawn(Collection<UUID> ids) {
        return refs(pool.preparedQuery("""
                select id, ssm_command_id, instance_id from ssm_command
                where id = any($1::uuid[]) and state = 'SENT' and withdrawn_at is null
                """).execute(Tuple.of(ids.toArray(UUID[]::new))));
    }

    /**
     * Marks a sent command as being withdrawn (SSM just said Pending or Delayed), before its CancelCommand: its
     * Cancelled then reads as our withdrawal. False when it is no longer SENT.
     */
    public Uni<Boolean> markWithdrawn(UUID id) {
        return pool.preparedQuery("update ssm_command set withdrawn_at = now(), updated_at = now() "
                + "where id = $1 and state = 'SENT' and withdrawn_at is null")
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 1);
    }

    /** SSM refused the cancel: the command is not being withdrawn after all. */
    public Uni<Void> unmarkWithdrawn(UUID id) {
        return pool.preparedQuery("update ssm_command set withdrawn_at = null where id = $1 and state = 'SENT'")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** Ends unfinished commands TIMED_OUT with step {@code no-report}; returns those sent, for a CancelCommand. */
    public Uni<List<SentCommandRef>> abandon(Collection<UUID> ids) {
        return pool.preparedQuery("""
                with moved as (
                  update ssm_command set state = 'FINISHED', status = 'TIMED_OUT', step = 'no-report',
                                         finished_at = now(), updated_at = now()
                  where id = any($1::uuid[]) and state in ('UNSENT', 'SENDING', 'SENT')
                  returning id, ssm_command_id, instance_id
                )
                select id, ssm_command_id, instance_id, pg_notify('%s', id::text) from moved
                """.formatted(DriverReports.CHANNEL))
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    List<SentCommandRef> sent = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getString("ssm_command_id") != null) {
                            sent.add(new SentCommandRef(row.getUUID("id"), row.getString("ssm_command_id"),
                                    row.getString("instance_id")));
                        }
                    }
                    return sent;
                });
    }

    /**
     * In the deregistration's transaction (fleet.TargetLifecycle): the target's unfinished commands end CANCELLED with
     * step {@value CommandObservation#TARGET_DEREGISTERED_STEP}, announced at commit; those SSM has (SENT) are marked
     * {@code cancel_requested_at} for the poller's CancelCommand after the commit. A SENDING one whose SendCommand is
     * in flight is cancelled by its sender, whose markSent then finds it finished. Returns how many ended.
     */
    public Uni<Integer> cancelForDeregistration(Mutiny.Session session, String instanceId) {
        return session
                .createNativeQuery(
                        """
                                with moved as (
                                  update ssm_command
                                     set state = 'FINISHED', status = 'CANCELLED', step = :step, finished_at = now(), updated_at = now(),
                                         cancel_requested_at = case when ssm_command_id is not null then now() end
                                   where instance_id = :id and state in ('UNSENT', 'SENDING', 'SENT')
                                  returning id
                                )
                                select pg_notify(:channel, id::text) is null from moved
                                """)
                .setParameter("step", CommandObservation.TARGET_DEREGISTERED_STEP)
                .setParameter("id", instanceId)
                .setParameter("channel", DriverReports.CHANNEL)
                .getResultList()
                .map(List::size);
    }

    /** Commands whose SSM command is to be cancelled (their target was deregistered), oldest first. */
    public Uni<List<SentCommandRef>> cancelRequested(int limit) {
        return refs(pool.preparedQuery("""
                select id, ssm_command_id, instance_id from ssm_command
                where cancel_requested_at is not null order by cancel_requested_at limit $1
                """).execute(Tuple.of(limit)));
    }

    /** SSM took the CancelCommand (or refused it for good): nothing more to do. */
    public Uni<Void> cancelDone(UUID id) {
        return pool.preparedQuery("update ssm_command set cancel_requested_at = null where id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** Claims at most {@code limit} due commands for sending, in a statement that commits at once. */
    public Uni<List<ClaimedCommand>> claimDue(Duration lease, int limit) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of((double) lease.toMillis() / 1000, limit))
                .map(rows -> {
                    List<ClaimedCommand> claimed = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        claimed.add(new ClaimedCommand(
                                new IssuedCommand(row.getUUID("id"), spec(row.getString("spec"))),
                                row.getString("platform"), row.getInteger("send_attempts"),
                                row.getOffsetDateTime("created_at"), row.getBoolean("deregistered")));
                    }
                    return claimed;
                });
    }

    /*
     * The statements on a claimed row hold only while the claim is ours: SENDING under the claim's attempt number. A
     * claimer whose lease ran out (a slow SendCommand) must not overwrite what the next claimer recorded.
     */

    /**
     * Records the SSM command a claimed command is (sent now, or adopted); false when the claim is no longer ours. SSM's
     * status stays unknown (null) until the poller reads it: only SSM's own Pending lets a withdrawal cancel it.
     */
    public Uni<Boolean> markSent(ClaimedCommand claim, String ssmCommandId, OffsetDateTime requestedAt) {
        return pool.preparedQuery("""
                update ssm_command
                   set state = 'SENT', ssm_command_id = $2, sent_at = coalesce($3, now()), updated_at = now()
                 where id = $1 and state = 'SENDING' and send_attempts = $4
                """)
                .execute(Tuple.of(claim.command().commandId(), ssmCommandId, requestedAt, claim.sendAttempts()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A claimed command goes back to UNSENT (SSM did not take it); the next pass tries again. */
    public Uni<Void> release(ClaimedCommand claim) {
        return pool.preparedQuery("update ssm_command set state = 'UNSENT', updated_at = now() "
                + "where id = $1 and state = 'SENDING' and send_attempts = $2")
                .execute(Tuple.of(claim.command().commandId(), claim.sendAttempts()))
                .replaceWithVoid();
    }

    /**
     * SSM refused (answered) the ListCommands look-up of a claimed command: counted; below {@code maxRefusals} the
     * command goes back to UNSENT, so the next pass looks it up again (its attempt number says it may have been
     * sent), at {@code maxRefusals} it ends FAILED with {@code step} and {@code output}. Announced.
     */
    public Uni<Void> lookupRefused(ClaimedCommand claim, int maxRefusals, String step, String output) {
        return pool.preparedQuery(AND_ANNOUNCE.formatted("""
                update ssm_command
                   set lookup_refusals = lookup_refusals + 1, updated_at = now(),
                       state = case when lookup_refusals + 1 >= $3 then 'FINISHED' else 'UNSENT' end,
                       status = case when lookup_refusals + 1 >= $3 then 'FAILED' else status end,
                       step = case when lookup_refusals + 1 >= $3 then $4 else step end,
                       output = case when lookup_refusals + 1 >= $3 then $5 else output end,
                       finished_at = case when lookup_refusals + 1 >= $3 then now() else finished_at end
                 where id = $1 and state = 'SENDING' and send_attempts = $2
                """, DriverReports.CHANNEL))
                .execute(Tuple.of(claim.command().commandId(), claim.sendAttempts(), maxRefusals, step, output))
                .replaceWithVoid();
    }

    /** A claimed command that will never be sent ends FAILED with {@code step} and {@code output}. Announced. */
    public Uni<Void> failUnsent(ClaimedCommand claim, String step, String output) {
        return finishUnsent(claim, "FAILED", step, output);
    }

    /** The target of a claimed command was deregistered: it ends CANCELLED, step target-deregistered. Announced. */
    public Uni<Void> cancelUnsent(ClaimedCommand claim) {
        return finishUnsent(claim, "CANCELLED", CommandObservation.TARGET_DEREGISTERED_STEP, null);
    }

    private Uni<Void> finishUnsent(ClaimedCommand claim, String status, String step, String output) {
        return pool.preparedQuery(AND_ANNOUNCE.formatted("""
                update ssm_command set state = 'FINISHED', status = $2, step = $3, output = $4,
                                       finished_at = now(), updated_at = now()
                where id = $1 and state = 'SENDING' and send_attempts = $5
                """, DriverReports.CHANNEL))
                .execute(Tuple.from(Arrays.asList(claim.command().commandId(), status, step, output,
                        claim.sendAttempts())))
                .replaceWithVoid();
    }

    /** Sent, unfinished commands, oldest first, at most {@code limit}. */
    public Uni<List<OutstandingCommand>> outstanding(int limit) {
        return pool.preparedQuery("""
                select id, instance_id, ssm_command_id, ssm_status, ssm_status_details, status, sent_at,
                       withdrawn_at is not null as withdrawn, unlisted_passes, spec::text as spec
                from ssm_command where state = 'SENT' order by sent_at limit $1
                """)
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<OutstandingCommand> outstanding = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        outstanding.add(new OutstandingCommand(row.getUUID("id"), row.getString("instance_id"),
                                row.getString("ssm_command_id"), row.getString("ssm_status"),
                                row.getString("ssm_status_details"), row.getString("status"),
                                row.getOffsetDateTime("sent_at"), row.getBoolean("withdrawn"),
                                row.getInteger("unlisted_passes"), spec(row.getString("spec"))));
                    }
                    return outstanding;
                });
    }

    /**
     * Counts one more poller pass that did not list these sent commands, and resets the count of those it listed.
     */
    public Uni<Void> countListing(Collection<UUID> unlisted, Collection<UUID> listed) {
        return pool.preparedQuery("""
                update ssm_command
                   set unlisted_passes = case when id = any($1::uuid[]) then unlisted_passes + 1 else 0 end
                 where state = 'SENT' and (id = any($1::uuid[]) or (id = any($2::uuid[]) and unlisted_passes > 0))
                """)
                .execute(Tuple.of(unlisted.toArray(UUID[]::new), listed.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    /** A sent command still waiting or running: SSM's status and ours. Announced when it moved. */
    public Uni<Void> progress(UUID id, SsmInvocation invocation, MappedStatus mapped) {
        return pool.preparedQuery(AND_ANNOUNCE.formatted("""
                update ssm_command
                   set ssm_status = $2, ssm_status_details = $3, status = $4, updated_at = now(),
                       started_at = case when $4 = 'IN_PROGRESS' then coalesce(started_at, now()) else started_at end
                 where id = $1 and state = 'SENT'
                   and (ssm_status is distinct from $2 or ssm_status_details is distinct from $3)
                """, DriverReports.CHANNEL))
                .execute(Tuple.of(id, invocation.status(), invocation.statusDetails(), mapped.status()))
                .replaceWithVoid();
    }

    /** A sent command SSM finished: its final status and output. Announced. */
    public Uni<Void> finish(UUID id, SsmInvocation invocation, MappedStatus mapped, OffsetDateTime startedAt,
            OffsetDateTime finishedAt) {
        return pool.preparedQuery(AND_ANNOUNCE.formatted("""
                update ssm_command
                   set state = 'FINISHED', ssm_status = $2, ssm_status_details = $3, status = $4, exit_code = $5,
                       step = $6, reboot_required = $7, output = $8, updated_at = now(),
                       started_at = coalesce($9, started_at), finished_at = coalesce($10, now())
                 where id = $1 and state = 'SENT'
                """, DriverReports.CHANNEL))
                .execute(Tuple.from(Arrays.asList(id, invocation.status(), invocation.statusDetails(),
                        mapped.status(), mapped.exitCode(), mapped.step(), mapped.rebootRequired(), mapped.output(),
                        startedAt, finishedAt)))
                .replaceWithVoid();
    }

    /** Our view of the commands received; ids never received are left out. Output only once finished. */
    public Uni<List<CommandObservation>> observe(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(OBSERVE)
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    List<CommandObservation> observed = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        observed.add(new CommandObservation(row.getUUID("id"), row.getString("status"),
                                row.getInteger("exit_code"), row.getBoolean("reboot_required"), row.getString("step"),
                                row.getString("output"), row.getOffsetDateTime("started_at"),
                                row.getOffsetDateTime("finished_at")));
                    }
                    return observed;
                });
    }

    // ---- Mapping ---------------------------------------------------------------------------------------------------

    private static Uni<List<SentCommandRef>> refs(Uni<RowSet<Row>> rows) {
        return rows.map(set -> {
            List<SentCommandRef> refs = new ArrayList<>(set.rowCount());
            for (Row row : set) {
                refs.add(new SentCommandRef(row.getUUID("id"), row.getString("ssm_command_id"),
                        row.getString("instance_id")));
            }
            return refs;
        });
    }

    private static List<UUID> ids(RowSet<Row> rows) {
        List<UUID> ids = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> ids.add(row.getUUID("id")));
        return ids;
    }

    private String rowsJson(List<IssuedCommand> commands) {
        List<Map<String, Object>> rows = new ArrayList<>(commands.size());
        for (IssuedCommand issued : commands) {
            Map<String, Object> row = new HashMap<>();
            row.put("id", issued.commandId().toString());
            row.put("instance_id", issued.spec().instanceId());
            row.put("spec", issued.spec());
            rows.add(row);
        }
        try {
            return json.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("commands must serialise to JSON", e);
        }
    }

    private CommandSpec spec(String text) {
        try {
            return json.readValue(text, CommandSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ssm_command.spec is not a CommandSpec", e);
        }
    }
}
