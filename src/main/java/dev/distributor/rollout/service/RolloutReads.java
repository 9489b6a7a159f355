package dev.distributor.rollout.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.graphql.Page;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.rollout.domain.InvocationEntity;
import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RolloutEventEntity;
import dev.distributor.rollout.engine.Counts;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/** Reads for the GraphQL nested fields, batched per request where a list of rollouts asks for them. */
@ApplicationScoped
public class RolloutReads {

    public static final int MAX_EVENTS = 1000;

    private final AccessControl access;
    private final UnitOfWork unitOfWork;

    public RolloutReads(AccessControl access, UnitOfWork unitOfWork) {
        this.access = access;
        this.unitOfWork = unitOfWork;
    }

    /** Counts by wave and status for each rollout, in one query. */
    public Uni<Map<UUID, Counts>> counts(Collection<UUID> rolloutIds) {
        return access.require(Permission.VIEW).chain(viewer -> unitOfWork.read(session -> session.createNativeQuery("""
                select rollout_id, wave, status, count(*) from invocation where rollout_id in (:ids)
                group by rollout_id, wave, status
                """, Object[].class)
                .setParameter("ids", rolloutIds)
                .getResultList()
                .map(rows -> {
                    Map<UUID, Counts> byRollout = new HashMap<>();
                    rolloutIds.forEach(id -> byRollout.put(id, new Counts()));
                    for (Object[] row : rows) {
                        byRollout.get((UUID) row[0]).add(((Number) row[1]).intValue(),
                                InvocationStatus.valueOf((String) row[2]), ((Number) row[3]).intValue());
                    }
                    return byRollout;
                })));
    }

    /** The runs of each deployment, newest first, in one query. */
    public Uni<Map<UUID, List<RolloutEntity>>> rolloutsOf(Collection<UUID> deploymentIds) {
        return access.require(Permission.VIEW).chain(viewer -> unitOfWork.read(session -> session.createSelectionQuery(
                "from RolloutEntity where deploymentId in :ids order by runNumber desc", RolloutEntity.class)
                .setParameter("ids", deploymentIds)
                .getResultList()
                .map(rows -> {
                    Map<UUID, List<RolloutEntity>> byDeployment = new HashMap<>();
                    deploymentIds.forEach(id -> byDeployment.put(id, new ArrayList<>()));
                    rows.forEach(r -> byDeployment.get(r.deploymentId).add(r));
                    return byDeployment;
                })));
    }

    public record InvocationPage(Page.Slice<InvocationEntity> slice, long totalCount) {
    }

    public Uni<InvocationPage> invocations(UUID rolloutId, InvocationStatus status, Integer wave, Page page) {
        StringBuilder where = new StringBuilder("where rolloutId = :id");
        if (status != null) {
            where.append(" and status = :status");
        }
        if (wave != null) {
            where.append(" and wave = :wave");
        }
        int[] after = page.afterKey() == null ? null : cursor(page.afterKey());
        return access.require(Permission.VIEW).chain(viewer -> unitOfWork.read(session -> {
            var count = session.createSelectionQuery("select count(*) from InvocationEntity " + where, Long.class)
                    .setParameter("id", rolloutId);
            String pageWhere = where + (after == null ? "" : " and (wave > :aw or (wave = :aw and position > :ap))");
            var rows = session.createSelectionQuery("from InvocationEntity " + pageWhere + " order by wave, position",
                    InvocationEntity.class)
                    .setParameter("id", rolloutId)
                    .setMaxResults(page.fetchSize());
            if (status != null) {
                count.setParameter("status", status);
                rows.setParameter("status", status);
            }
            if (wave != null) {
                count.setParameter("wave", wave);
                rows.setParameter("wave", wave);
            }
            if (after != null) {
                rows.setParameter("aw", after[0]).setParameter("ap", after[1]);
            }
            return rows.getResultList()
                    .chain(list -> count.getSingleResult().map(total -> new InvocationPage(
                            page.slice(list, i -> i.wave + ":" + i.position), total)));
        }));
    }

    public Uni<List<RolloutEventEntity>> events(UUID rolloutId, long afterSeq, int first) {
        if (first < 1 || first > MAX_EVENTS) {
            throw DistributorException.invalidInput("first", "first must be between 1 and " + MAX_EVENTS + ".");
        }
        return access.require(Permission.VIEW).chain(viewer -> unitOfWork.read(session -> session.createSelectionQuery(
                "from RolloutEventEntity where rolloutId = :id and seq > :after order by seq", RolloutEventEntity.class)
                .setParameter("id", rolloutId)
                .setParameter("after", afterSeq)
                .setMaxResults(first)
                .getResultList()));
    }

    private static int[] cursor(String key) {
        try {
            String[] parts = key.split(":", 2);
            return new int[]{Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (RuntimeException e) {
            throw DistributorException.invalidInput("after", "after is not a cursor this API returned.");
        }
    }
}
