package dev.distributor.retention.repository;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.db.Columns;
import dev.distributor.retention.RetentionPolicy.Stamped;

/**
 * The retention job's SQL: each method touches at most the rows of one batch, so no statement holds many locks for
 * long. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} where a concurrent writer may hold them.
 */
@ApplicationScoped
public class RetentionRepository {

    /**
     * The advisory lock a batch holds to its commit, so two replicas never clean at the same time: one that does not
     * get it leaves the run to the other ("RETENT" in ASCII).
     */
    public static final long LOCK_KEY = 0x52_45_54_45_4E_54L;

    /** The tables whose finished rows carry output text, each with its own partial index on finished_at (V19). */
    public enum OutputTable {
        INVOCATION("invocation"), AGENT_COMMAND("agent_command"), SSM_COMMAND("ssm_command");

        private final String table;

        OutputTable(String table) {
            this.table = table;
        }
    }

    /** Takes the retention lock for this transaction; false when another replica's batch holds it. */
    public Uni<Boolean> tryLock(Mutiny.Session session) {
        return session.createNativeQuery("select pg_try_advisory_xact_lock(:key)", Boolean.class)
                .setParameter("key", LOCK_KEY)
                .getSingleResult();
    }

    /** Clears the output text of up to {@code limit} rows that finished before {@code before}, oldest first. */
    public Uni<Integer> clearOutput(Mutiny.Session session, OutputTable table, OffsetDateTime before, int limit) {
        return session.createNativeQuery("""
                update %1$s set output = null
                where id in (select id from %1$s where output is not null and finished_at < :before
                             order by finished_at limit :limit for update skip locked)
                """.formatted(table.table))
                .setParameter("before", before)
                .setParameter("limit", limit)
                .executeUpdate();
    }

    /** The oldest fleet events, oldest first, at most {@code limit}. */
    public Uni<List<Stamped>> oldestFleetEvents(Mutiny.Session session, int limit) {
        return session.createNativeQuery("select seq, at from target_event order by seq limit :limit", Object[].class)
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream().map(row -> new Stamped(((Number) row[0]).longValue(), Columns.time(row[1])))
                        .toList());
    }

    /** Deletes the fleet events numbered up to {@code seq}. */
    public Uni<Integer> deleteFleetEventsThrough(Mutiny.Session session, long seq) {
        return session.createNativeQuery("delete from target_event where seq <= :seq")
                .setParameter("seq", seq)
                .executeUpdate();
    }

    /**
     * Deletes up to {@code limit} of the oldest events of one rollout that finished before {@code before} and has no
     * command out on a host (a report that arrives after the end is still journalled). One rollout at a time, by its
     * primary key, so a rollout only ever loses the start of its journal and no statement sorts many rollouts' events.
     *
     * @return how many were deleted; 0 when no such rollout has events left
     */
    public Uni<Integer> deleteFinishedRolloutEvents(Mutiny.Session session, OffsetDateTime before, int limit) {
        return session
                .createNativeQuery(
                        """
                                delete from rollout_event
                                where (rollout_id, seq) in (
                                    select e.rollout_id, e.seq from rollout_event e
                                    where e.rollout_id = (
                                        select r.id from rollout r
                                        where r.finished_at < :before
                                          and r.state in ('SUCCEEDED', 'FAILED', 'CANCELLED', 'ROLLED_BACK')
                                          and exists (select 1 from rollout_event x where x.rollout_id = r.id)
                                          and not exists (select 1 from invocation i
                                                          where i.rollout_id = r.id and i.status in ('QUEUED', 'IN_PROGRESS', 'REBOOTING'))
                                        order by r.finished_at
                                        limit 1)
                                    order by e.seq
                                    limit :limit)
                                """)
                .setParameter("before", before)
                .setParameter("limit", limit)
                .executeUpdate();
    }

    /**
     * Deletes up to {@code limit} audit rows older than {@code before}, oldest first. Only this transaction may: it
     * sets {@code distributor.audit_retention}, which the append-only trigger (V19) checks.
     */
    public Uni<Integer> deleteAudit(Mutiny.Session session, OffsetDateTime before, int limit) {
        return session.createNativeQuery("select set_config('distributor.audit_retention', 'on', true)")
                .getSingleResult()
                .chain(() -> session.createNativeQuery("""
                        delete from audit_event
                        where id in (select id from audit_event where at < :before order by id limit :limit)
                        """)
                        .setParameter("before", before)
                        .setParameter("limit", limit)
                        .executeUpdate());
    }

    /**
     * When artifact {@code a} is in use: a version names it, or an unfinished invocation (PENDING in a paused or later
     * wave too) or agent command will still fetch it, as its file or as the previous version's file that an
     * uninstall-and-reinstall removes first. The version of such a command may itself have been deleted since.
     */
    private static final String IN_USE = """
            (exists (select 1 from version_file f where f.sha256 = a.sha256)
             or exists (select 1 from invocation i
                        where i.status in ('PENDING', 'QUEUED', 'IN_PROGRESS', 'REBOOTING')
                          and (i.file_sha256 = a.sha256 or i.previous_file_sha256 = a.sha256))
             or exists (select 1 from agent_command c
                        where c.state in ('QUEUED', 'DELIVERED', 'IN_PROGRESS')
                          and (c.file_sha256 = a.sha256 or c.previous_file_sha256 = a.sha256)))
            """;

    /** Clears the mark of marked artifacts that are in use again ({@link #IN_USE}). */
    public Uni<Integer> unmarkReferenced(Mutiny.Session session) {
        return session.createNativeQuery("""
                update artifact a set unreferenced_since = null
                where a.unreferenced_since is not null
                  and """ + IN_USE)
                .executeUpdate();
    }

    /** Marks up to {@code limit} artifacts that are not in use ({@link #IN_USE}) as unreferenced since {@code now}. */
    public Uni<Integer> markUnreferenced(Mutiny.Session session, OffsetDateTime now, int limit) {
        return session.createNativeQuery("""
                update artifact set unreferenced_since = :now
                where sha256 in (select a.sha256 from artifact a
                                 where a.unreferenced_since is null
                                   and not """ + IN_USE + """
                                 limit :limit for update skip locked)
                """)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .executeUpdate();
    }

    /**
     * Locks (to commit) up to {@code limit} artifacts marked unreferenced before {@code before}. While locked, no
     * version can name them: the foreign key check of a new version_file row waits for the lock.
     */
    public Uni<List<String>> lockDueArtifacts(Mutiny.Session session, OffsetDateTime before, int limit) {
        return session.createNativeQuery("""
                select sha256 from artifact where unreferenced_since < :before
                order by unreferenced_since limit :limit for update skip locked
                """, String.class)
                .setParameter("before", before)
                .setParameter("limit", limit)
                .getResultList();
    }

    /**
     * Which of these artifacts are in use ({@link #IN_USE}), read in a fresh snapshot (a statement of its own, after the lock), so
     * a version committed while the lock was awaited counts.
     */
    public Uni<List<String>> referenced(Mutiny.Session session, Collection<String> sha256s) {
        if (sha256s.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return session.createNativeQuery("select a.sha256 from artifact a where a.sha256 in (:shas) and " + IN_USE,
                String.class)
                .setParameter("shas", sha256s)
                .getResultList();
    }

    /** Deletes the rows of these artifacts (their script texts go with them). */
    public Uni<Integer> deleteArtifacts(Mutiny.Session session, Collection<String> sha256s) {
        if (sha256s.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return session.createNativeQuery("delete from artifact where sha256 in (:shas)")
                .setParameter("shas", sha256s)
                .executeUpdate();
    }

}
