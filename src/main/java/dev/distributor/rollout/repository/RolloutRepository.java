package dev.distributor.rollout.repository;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RolloutEventEntity;
import dev.distributor.rollout.domain.RolloutState;

/** Rollouts and their events. Row locks are taken here; the caller's transaction holds them. */
@ApplicationScoped
public class RolloutRepository {

    public Uni<RolloutEntity> find(Mutiny.Session session, UUID id) {
        return session.find(RolloutEntity.class, id);
    }

    public Uni<List<RolloutEntity>> findAll(Mutiny.Session session, Collection<UUID> ids) {
        return session.createSelectionQuery("from RolloutEntity where id in :ids", RolloutEntity.class)
                .setParameter("ids", ids)
                .getResultList();
    }

    /** The runs of these deployments, newest first. */
    public Uni<List<RolloutEntity>> ofDeployments(Mutiny.Session session, Collection<UUID> deploymentIds) {
        return session.createSelectionQuery(
                "from RolloutEntity where deploymentId in :ids order by runNumber desc", RolloutEntity.class)
                .setParameter("ids", deploymentIds)
                .getResultList();
    }

    /** The rollout, its row locked until the transaction ends (waiting for a tick that holds it); null if none. */
    public Uni<RolloutEntity> lock(Mutiny.Session session, UUID id) {
        return session.createNativeQuery("select * from rollout where id = :id for update", RolloutEntity.class)
                .setParameter("id", id)
                .getSingleResultOrNull();
    }

    /** The deployment's runs not finished (PLANNED, RUNNING, PAUSED), newest first. */
    public Uni<List<RolloutEntity>> unfinishedOf(Mutiny.Session session, UUID deploymentId) {
        return session.createSelectionQuery(
                "from RolloutEntity where deploymentId = :id and state in :states order by runNumber desc",
                RolloutEntity.class)
                .setParameter("id", deploymentId)
                .setParameter("states", List.of(RolloutState.PLANNED, RolloutState.RUNNING, RolloutState.PAUSED))
                .getResultList();
    }

    /** The highest run number of the deployment's runs, 0 when it has none. */
    public Uni<Integer> lastRunNumber(Mutiny.Session session, UUID deploymentId) {
        return session.createSelectionQuery(
                "select coalesce(max(r.runNumber), 0) from RolloutEntity r where r.deploymentId = :id", Integer.class)
                .setParameter("id", deploymentId)
                .getSingleResult();
    }

    /** The rollout with its row locked, or null when another transaction holds it (or there is none). */
    public Uni<RolloutEntity> lockUnlessHeld(Mutiny.Session session, UUID id) {
        return session.createNativeQuery("select * from rollout where id = :id for update skip locked",
                RolloutEntity.class)
                .setParameter("id", id)
                .getSingleResultOrNull();
    }

    /**
     * Rollouts the engine has work in: RUNNING ones, and started ones with invocations out (a paused or finished run
     * still takes its hosts' reports). Least recently driven first, so none starves.
     */
    public Uni<List<UUID>> withWork(Mutiny.Session session, int limit) {
        return session.createSelectionQuery("""
                select r.id from RolloutEntity r
                where r.state = :running
                   or (r.state <> :planned and exists (select i.id from InvocationEntity i where i.rolloutId = r.id
                                                                   and i.status in :out))
                order by r.updatedAt
                """, UUID.class)
                .setParameter("running", RolloutState.RUNNING)
                .setParameter("planned", RolloutState.PLANNED)
                .setParameter("out", InvocationStatus.OUT)
                .setMaxResults(limit)
                .getResultList();
    }

    /** A rollout running or paused with this version, or planned with it pinned; null when none uses it. */
    public Uni<UUID> oneUsingVersion(Mutiny.Session session, String packageName, String version) {
        return session.createSelectionQuery("""
                select r.id from RolloutEntity r, DeploymentEntity d
                where d.id = r.deploymentId and d.packageName = :package
                  and ((r.state in :active and r.version = :version)
                       or (r.state = :planned and d.versionSpec = :version))
                """, UUID.class)
                .setParameter("package", packageName)
                .setParameter("version", version)
                .setParameter("active", List.of(RolloutState.RUNNING, RolloutState.PAUSED))
                .setParameter("planned", RolloutState.PLANNED)
                .setMaxResults(1)
                .getResultList()
                .map(ids -> ids.isEmpty() ? null : ids.get(0));
    }

    /** The lowest seq of the rollout's stored events (data retention removes the oldest), or empty when none are. */
    public Uni<Optional<Long>> oldestEventSeq(Mutiny.Session session, UUID rolloutId) {
        return session.createSelectionQuery("select min(seq) from RolloutEventEntity where rolloutId = :id", Long.class)
                .setParameter("id", rolloutId)
                .getSingleResultOrNull()
                .map(Optional::ofNullable);
    }

    /** Events after sequence number {@code afterSeq}, oldest first, at most {@code first}. */
    public Uni<List<RolloutEventEntity>> events(Mutiny.Session session, UUID rolloutId, long afterSeq, int first) {
        return session.createSelectionQuery(
                "from RolloutEventEntity where rolloutId = :id and seq > :after order by seq", RolloutEventEntity.class)
                .setParameter("id", rolloutId)
                .setParameter("after", afterSeq)
                .setMaxResults(first)
                .getResultList();
    }

    /** How many runs are in each state (one grouped count; states with none are absent), for the metrics gauge. */
    public Uni<Map<RolloutState, Long>> countByState(Mutiny.Session session) {
        return session.createNativeQuery("select state, count(*) as runs from rollout group by state",
                jakarta.persistence.Tuple.class)
                .getResultList()
                .map(rows -> {
                    Map<RolloutState, Long> counts = new EnumMap<>(RolloutState.class);
                    rows.forEach(row -> counts.put(RolloutState.valueOf(row.get("state", String.class)),
                            row.get("runs", Long.class)));
                    return counts;
                });
    }

    /** When the run's wave {@code wave} (1-based) last started (its WAVE_STARTED event); null if it never did. */
    public Uni<OffsetDateTime> waveStartedAt(Mutiny.Session session, UUID rolloutId, int wave) {
        return session.createNativeQuery("""
                select max(at) from rollout_event
                where rollout_id = :id and type = 'WAVE_STARTED' and details ->> 'wave' = :wave
                """, OffsetDateTime.class)
                .setParameter("id", rolloutId)
                .setParameter("wave", Integer.toString(wave))
                .getSingleResultOrNull();
    }

    /** The deployment a rollout belongs to, without loading the rollout (so a later lock reads it fresh); null if none. */
    public Uni<UUID> deploymentOf(Mutiny.Session session, UUID rolloutId) {
        return session.createSelectionQuery("select r.deploymentId from RolloutEntity r where r.id = :id", UUID.class)
                .setParameter("id", rolloutId)
                .getSingleResultOrNull();
    }
}
