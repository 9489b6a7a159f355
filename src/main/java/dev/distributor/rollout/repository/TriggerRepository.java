package dev.distributor.rollout.repository;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.repository.TargetRepository;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RunTrigger;
import dev.distributor.rollout.domain.TargetSelector;

/**
 * What the ON_DEFAULT_VERSION_CHANGE and ON_NEW_TARGET triggers read on each tick: the deployments with something to
 * do, the package's default version, the targets no run of a deployment has reached yet.
 */
@ApplicationScoped
public class TriggerRepository {

    /** A package's default version and the count of its changes ({@code package.default_version_seq}). */
    public record DefaultVersion(String version, long seq) {
    }

    /**
     * ON_DEFAULT_VERSION_CHANGE deployments, schedule not paused, whose package's default version changed since they
     * last handled it: one join over the partial index {@code deployment_triggered}.
     */
    public Uni<List<UUID>> defaultVersionChanged(Mutiny.Session session) {
        return session.createNativeQuery("""
                select d.id from deployment d join package p on lower(p.name) = lower(d.package_name)
                where d.schedule_kind = 'ON_DEFAULT_VERSION_CHANGE' and not d.schedule_paused
                  and p.default_version_seq > coalesce(d.default_version_seen, 0)
                order by d.created_at
                """, UUID.class)
                .getResultList();
    }

    /**
     * The package's default version and change count, its row share-locked until the transaction ends, so the
     * default cannot change between this read and the plan of the run it starts; null when there is no such package.
     */
    public Uni<DefaultVersion> lockDefaultVersion(Mutiny.Session session, String packageName) {
        return session.createNativeQuery("""
                select default_version as version, default_version_seq as seq from package
                where lower(name) = lower(:name) for share
                """, Tuple.class)
                .setParameter("name", packageName)
                .getResultList()
                .map(rows -> rows.isEmpty()
                        ? null
                        : new DefaultVersion(rows.get(0).get("version", String.class),
                                rows.get(0).get("seq", Long.class)));
    }

    /**
     * An ON_NEW_TARGET deployment whose schedule is not paused.
     *
     * @param failedUnhandled its latest run (rollbacks aside) ended FAILED or ROLLED_BACK or was (or is being)
     *        rolled back, and the trigger has not paused for that run yet ({@code deployment.trigger_paused_for_run})
     */
    public record NewTargetDeployment(UUID id, boolean failedUnhandled) {
    }

    /** ON_NEW_TARGET deployments whose schedule is not paused (partial index {@code deployment_triggered}). */
    public Uni<List<NewTargetDeployment>> newTargetDeployments(Mutiny.Session session) {
        return session.createNativeQuery("""
                select d.id as id,
                       exists (select 1 from rollout r
                               where r.id = (select l.id from rollout l
                                             where l.deployment_id = d.id and l.run_trigger <> 'ROLLBACK'
                                             order by l.run_number desc limit 1)
                                 and (r.state in ('FAILED', 'ROLLED_BACK') or r.rolled_back_by is not null)
                                 and r.id is distinct from d.trigger_paused_for_run) as failed
                from deployment d
                where d.schedule_kind = 'ON_NEW_TARGET' and not d.schedule_paused
                order by d.created_at
                """, Tuple.class)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(row -> new NewTargetDeployment(row.get("id", UUID.class),
                                row.get("failed", Boolean.class)))
                        .toList());
    }

    /**
     * The newest fleet event in {@code (afterSeq, upToSeq]} that can make a target come to match a selector (a
     * registration, a tag change), or null when there is none: a range scan of {@code target_event}'s primary key over
     * the events since the last look only.
     */
    public Uni<Long> newestMatchingChange(Mutiny.Session session, long afterSeq, long upToSeq) {
        return session.createNativeQuery("""
                select max(seq) from target_event
                where seq > :after and seq <= :upTo and type in ('TARGET_REGISTERED', 'TAGS_CHANGED')
                """, Long.class)
                .setParameter("after", afterSeq)
                .setParameter("upTo", upToSeq)
                .getSingleResultOrNull();
    }

    /**
     * Up to {@code limit} live targets (never deregistered ones) that match {@code selector} exactly as the planner
     * selects, and that no run of the deployment has an invocation for, by instance id: an anti-join against
     * {@code invocation} (index {@code invocation_instance}), so its cost grows with the matching targets, not with
     * the invocations of other deployments.
     */
    public Uni<List<String>> notReachedYet(Mutiny.Session session, UUID deploymentId, TargetSelector selector,
            Duration onlineCutoff, int limit) {
        var where = TargetRepository.where(selector.toFilter(), onlineCutoff)
                .and("""
                        not exists (select 1 from invocation i join rollout r on r.id = i.rollout_id
                                    where i.instance_id = target.instance_id and r.deployment_id = :deploymentId)""",
                        "deploymentId", deploymentId);
        return where.bind(session.createNativeQuery(
                "select instance_id from target" + where.sql() + " order by instance_id limit " + limit,
                String.class))
                .getResultList();
    }

    /**
     * The id of the deployment's run not finished (PLANNED, RUNNING or PAUSED), newest, or null: an id only, so the
     * caller locks the row before it reads it (a row loaded first would not be read again by the lock).
     */
    public Uni<UUID> unfinishedRun(Mutiny.Session session, UUID deploymentId) {
        return session.createNativeQuery("""
                select id from rollout where deployment_id = :id and state in ('PLANNED', 'RUNNING', 'PAUSED')
                order by run_number desc limit 1
                """, UUID.class)
                .setParameter("id", deploymentId)
                .getResultList()
                .map(ids -> ids.isEmpty() ? null : ids.get(0));
    }

    /**
     * The deployment's latest run that is not a rollback (a rollback run puts a failed run back; the failure is what
     * counts), or null when it has none.
     */
    public Uni<RolloutEntity> latestRun(Mutiny.Session session, UUID deploymentId) {
        return session.createSelectionQuery("""
                from RolloutEntity where deploymentId = :id and trigger <> :rollback order by runNumber desc
                """, RolloutEntity.class)
                .setParameter("id", deploymentId)
                .setParameter("rollback", RunTrigger.ROLLBACK)
                .setMaxResults(1)
                .getResultList()
                .map(runs -> runs.isEmpty() ? null : runs.get(0));
    }

    /** The highest plan position among the rollout's invocations, 0 when it has none. */
    public Uni<Integer> lastPosition(Mutiny.Session session, UUID rolloutId) {
        return session.createNativeQuery(
                "select coalesce(max(position), 0) from invocation where rollout_id = :id", Integer.class)
                .setParameter("id", rolloutId)
                .getSingleResult();
    }
}
