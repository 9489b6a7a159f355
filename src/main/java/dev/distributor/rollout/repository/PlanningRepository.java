package dev.distributor.rollout.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Tuple;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/** What a rollout plan reads of the rollout tables: the database's clock and the rollouts holding a target. */
@ApplicationScoped
public class PlanningRepository {

    /** The database's time, so online/offline and timings agree across replicas whatever their clocks say. */
    public Uni<OffsetDateTime> now(Mutiny.Session session) {
        return session.createNativeQuery("select now()", OffsetDateTime.class).getSingleResult();
    }

    /**
     * Running or paused rollouts with an open invocation (pending, queued, in progress or rebooting) for {@code packageName}, by
     * target instance id.
     *
     * @param excludeRollout a rollout left out (the run being started, which must not conflict with itself), or null
     */
    public Uni<Map<String, List<UUID>>> openRolloutsByTarget(Mutiny.Session session, String packageName,
            UUID excludeRollout) {
        return session.createNativeQuery("""
                select i.instance_id as instance_id, i.rollout_id as rollout_id
                from invocation i join rollout r on r.id = i.rollout_id
                where i.package_name = :package and i.status in ('PENDING', 'QUEUED', 'IN_PROGRESS', 'REBOOTING')
                  and r.state in ('RUNNING', 'PAUSED') and r.id <> :exclude
                """, Tuple.class)
                .setParameter("package", packageName)
                .setParameter("exclude", excludeRollout == null ? new UUID(0, 0) : excludeRollout)
                .getResultList()
                .map(rows -> {
                    Map<String, List<UUID>> byTarget = new HashMap<>();
                    for (Tuple row : rows) {
                        byTarget.computeIfAbsent(row.get("instance_id", String.class), k -> new ArrayList<>())
                                .add(row.get("rollout_id", UUID.class));
                    }
                    return byTarget;
                });
    }
}
