package dev.distributor.rollout.repository;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.ScheduleKind;

/** Deployments. */
@ApplicationScoped
public class DeploymentRepository {

    /** Where a page of deployments starts: after this (createdAt, id), newest first. */
    public record After(OffsetDateTime createdAt, UUID id) {
    }

    public Uni<DeploymentEntity> find(Mutiny.Session session, UUID id) {
        return session.find(DeploymentEntity.class, id);
    }

    public Uni<List<DeploymentEntity>> findAll(Mutiny.Session session, Collection<UUID> ids) {
        return session.createSelectionQuery("from DeploymentEntity where id in :ids", DeploymentEntity.class)
                .setParameter("ids", ids)
                .getResultList();
    }

    /** Deployments newest first, of one package or all (null), after a cursor or from the start (null). */
    public Uni<List<DeploymentEntity>> list(Mutiny.Session session, String packageName, After after, int max) {
        StringBuilder where = new StringBuilder("where 1 = 1");
        if (packageName != null) {
            where.append(" and lower(packageName) = lower(:package)");
        }
        if (after != null) {
            where.append(" and (createdAt < :afterTime or (createdAt = :afterTime and id < :afterId))");
        }
        var query = session.createSelectionQuery(
                "from DeploymentEntity " + where + " order by createdAt desc, id desc", DeploymentEntity.class)
                .setMaxResults(max);
        if (packageName != null) {
            query.setParameter("package", packageName);
        }
        if (after != null) {
            query.setParameter("afterTime", after.createdAt());
            query.setParameter("afterId", after.id());
        }
        return query.getResultList();
    }

    public Uni<Long> count(Mutiny.Session session, String packageName) {
        return packageName == null
                ? session.createSelectionQuery("select count(*) from DeploymentEntity", Long.class).getSingleResult()
                : session.createSelectionQuery(
                        "select count(*) from DeploymentEntity where lower(packageName) = lower(:p)",
                        Long.class).setParameter("p", packageName).getSingleResult();
    }

    /**
     * The deployment created with this idempotency key, or null. Two callers racing with one key queue on a
     * transaction-scoped lock first, so the second finds the first's deployment instead of failing on the unique index.
     */
    public Uni<DeploymentEntity> lockAndFindByKey(Mutiny.Session session, String idempotencyKey) {
        return session.createNativeQuery("select cast(pg_advisory_xact_lock(hashtext(:key)) as text)")
                .setParameter("key", "deployment:" + idempotencyKey)
                .getSingleResult()
                .chain(() -> session.createSelectionQuery("from DeploymentEntity where idempotencyKey = :key",
                        DeploymentEntity.class)
                        .setParameter("key", idempotencyKey)
                        .getSingleResultOrNull());
    }

    /** The deployment with its row locked, or null when another transaction holds it (or there is none). */
    public Uni<DeploymentEntity> lockUnlessHeld(Mutiny.Session session, UUID id) {
        return session.createNativeQuery("select * from deployment where id = :id for update skip locked",
                DeploymentEntity.class)
                .setParameter("id", id)
                .getSingleResultOrNull();
    }

    /**
     * How many times the package's default version has changed ({@code package.default_version_seq}, counted by a
     * database trigger whichever statement changes it); 0 when there is no such package.
     */
    public Uni<Long> defaultVersionSeq(Mutiny.Session session, String packageName) {
        return session.createNativeQuery("select coalesce((select default_version_seq from package "
                + "where lower(name) = lower(:name)), 0)", Long.class)
                .setParameter("name", packageName)
                .getSingleResult();
    }

    /**
     * CRON deployments whose schedule is not paused and whose next firing is due at {@code now} (service clock), at
     * most {@code max} (index {@code deployment_cron_due}): the longest due first, those waiting for an unfinished run
     * (WAIT) last, so many waiting deployments never crowd out one that can start.
     */
    public Uni<List<UUID>> cronDue(Mutiny.Session session, OffsetDateTime now, int max) {
        return session.createSelectionQuery("""
                select d.id from DeploymentEntity d
                where d.scheduleKind = :cron and d.schedulePaused = false and d.nextRunAt <= :now
                order by d.runWaitingSince nulls first, d.nextRunAt
                """, UUID.class)
                .setParameter("cron", ScheduleKind.CRON)
                .setParameter("now", now)
                .setMaxResults(max)
                .getResultList();
    }

    /**
     * The deployment with its row locked until the transaction ends, waiting for a transaction that holds it; null if
     * none. Taken before the lock of one of its rollouts, in the order run sources take them.
     */
    public Uni<DeploymentEntity> lock(Mutiny.Session session, UUID id) {
        return session.createNativeQuery("select * from deployment where id = :id for update", DeploymentEntity.class)
                .setParameter("id", id)
                .getSingleResultOrNull();
    }
}
