package dev.distributor.rollout.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.rollout.domain.InvocationEntity;
import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RolloutState;
import dev.distributor.rollout.engine.Counts;

/** Invocations of rollouts: counts, the sets the engine and the controls work on, pages for the API. */
@ApplicationScoped
public class InvocationRepository {

    /** Where a page of invocations starts: after this (wave, position). */
    public record After(int wave, int position) {
    }

    /** Counts by wave and status of one rollout (one grouped query). */
    public Uni<Counts> counts(Mutiny.Session session, UUID rolloutId) {
        return counts(session, List.of(rolloutId)).map(byRollout -> byRollout.get(rolloutId));
    }

    /** Counts by wave and status of each rollout, every id present (empty counts for none), in one query. */
    public Uni<Map<UUID, Counts>> counts(Mutiny.Session session, Collection<UUID> rolloutIds) {
        return session.createSelectionQuery("""
                select i.rolloutId as rolloutId, i.wave as wave, i.status as status, count(*) as n
                from InvocationEntity i where i.rolloutId in :ids
                group by i.rolloutId, i.wave, i.status
                """, Tuple.class)
                .setParameter("ids", rolloutIds)
                .getResultList()
                .map(rows -> {
                    Map<UUID, Counts> byRollout = new HashMap<>();
                    rolloutIds.forEach(id -> byRollout.put(id, new Counts()));
                    for (Tuple row : rows) {
                        byRollout.get(row.get("rolloutId", UUID.class)).add(row.get("wave", Integer.class),
                                row.get("status", InvocationStatus.class),
                                Math.toIntExact(row.get("n", Long.class)));
                    }
                    return byRollout;
                });
    }

    /** Invocations of the rollout in any of these statuses. */
    public Uni<List<InvocationEntity>> inStatus(Mutiny.Session session, UUID rolloutId,
            Collection<InvocationStatus> statuses) {
        return session.createSelectionQuery("from InvocationEntity where rolloutId = :id and status in :statuses",
                InvocationEntity.class)
                .setParameter("id", rolloutId)
                .setParameter("statuses", statuses)
                .getResultList();
    }

    /**
     * Up to {@code max} PENDING invocations of waves 1 to the rollout's current wave that may go out now, in wave and
     * plan order. A target with an invocation out for the same package in any rollout waits (one out per target and
     * package). It also waits while a rollout started earlier, still running or paused, has yet to run it there:
     * rollouts of one package reach each target in the order they started, so the later one's version is what stays.
     */
    public Uni<List<InvocationEntity>> dispatchable(Mutiny.Session session, RolloutEntity rollout, int max) {
        return session.createSelectionQuery("""
                from InvocationEntity i
                where i.rolloutId = :id and i.status = :pending and i.wave between 1 and :wave
                  and not exists (select o.id from InvocationEntity o where o.instanceId = i.instanceId
                                    and o.packageName = i.packageName and o.status in :out)
                  and not exists (select e.id from InvocationEntity e, RolloutEntity er
                                  where er.id = e.rolloutId
                                    and e.instanceId = i.instanceId and e.packageName = i.packageName
                                    and e.status = :pending and er.state in :active
                                    and (er.startedAt < :startedAt or (er.startedAt = :startedAt and er.id < :id)))
                order by i.wave, i.position
                """, InvocationEntity.class)
                .setParameter("id", rollout.id)
                .setParameter("pending", InvocationStatus.PENDING)
                .setParameter("out", InvocationStatus.OUT)
                .setParameter("active", List.of(RolloutState.RUNNING, RolloutState.PAUSED))
                .setParameter("startedAt", rollout.startedAt)
                .setParameter("wave", rollout.currentWave)
                .setMaxResults(max)
                .getResultList();
    }

    /** Of these instance ids, the ones still registered (fleet's target table: a deregistered target gets nothing). */
    public Uni<Set<String>> registered(Mutiny.Session session, Collection<String> instanceIds) {
        return session.createNativeQuery("""
                select instance_id from target where instance_id in (:ids) and deregistered_at is null
                """, String.class)
                .setParameter("ids", instanceIds)
                .getResultList()
                .map(Set::copyOf);
    }

    /**
     * The rollout's unfinished invocations (PENDING or out) whose target is no longer registered: the engine cancels
     * them as "target deregistered".
     */
    public Uni<List<InvocationEntity>> ofDeregisteredTargets(Mutiny.Session session, UUID rolloutId) {
        List<String> unfinished = new ArrayList<>(List.of(InvocationStatus.PENDING.name()));
        InvocationStatus.OUT.forEach(status -> unfinished.add(status.name()));
        return session.createNativeQuery("""
                select i.* from invocation i
                where i.rollout_id = :id and i.status in (:unfinished)
                  and not exists (select 1 from target t where t.instance_id = i.instance_id
                                    and t.deregistered_at is null)
                """, InvocationEntity.class)
                .setParameter("id", rolloutId)
                .setParameter("unfinished", unfinished)
                .getResultList();
    }

    /** One page of a rollout's invocations in wave and plan order, optionally of one status and one wave. */
    public Uni<List<InvocationEntity>> page(Mutiny.Session session, UUID rolloutId, InvocationStatus status,
            Integer wave, After after, int max) {
        String where = where(status, wave)
                + (after == null ? "" : " and (wave > :aw or (wave = :aw and position > :ap))");
        var rows = session.createSelectionQuery("from InvocationEntity " + where + " order by wave, position",
                InvocationEntity.class)
                .setParameter("id", rolloutId)
                .setMaxResults(max);
        if (status != null) {
            rows.setParameter("status", status);
        }
        if (wave != null) {
            rows.setParameter("wave", wave);
        }
        if (after != null) {
            rows.setParameter("aw", after.wave()).setParameter("ap", after.position());
        }
        return rows.getResultList();
    }

    public Uni<Long> count(Mutiny.Session session, UUID rolloutId, InvocationStatus status, Integer wave) {
        var count = session.createSelectionQuery("select count(*) from InvocationEntity " + where(status, wave),
                Long.class)
                .setParameter("id", rolloutId);
        if (status != null) {
            count.setParameter("status", status);
        }
        if (wave != null) {
            count.setParameter("wave", wave);
        }
        return count.getSingleResult();
    }

    public Uni<Void> persistAll(Mutiny.Session session, List<InvocationEntity> invocations) {
        return session.persistAll(invocations.toArray());
    }

    private static String where(InvocationStatus status, Integer wave) {
        return "where rolloutId = :id" + (status == null ? "" : " and status = :status")
                + (wave == null ? "" : " and wave = :wave");
    }
}
