package dev.distributor.fleet.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.distributor.common.db.NativeWhere;
import dev.distributor.fleet.domain.InstalledPackageEntity;
import dev.distributor.fleet.domain.TargetEntity;
import dev.distributor.fleet.domain.TargetFilter;

/**
 * Targets and their installed packages. Deregistered targets are never returned.
 *
 * <p>
 * Two clients. Methods taking a {@link Mutiny.Session} run in the caller's session (and its transaction, if any).
 * {@link #findToken}, {@link #storeSuccessor}, {@link #promoteSuccessor} and {@link #recordLastSeen} are single
 * statements on the reactive {@link Pool}, outside any transaction: they run on authenticated agent calls and liveness
 * flushes, where opening a Hibernate session would add work to the hottest path for nothing.
 *
 * <p>
 * A target's token columns are written only here, in SQL (the entity reads them), so an operator's change loaded
 * before an agent's token switch never writes the old token back.
 */
@ApplicationScoped
public class TargetRepository {

    /**
     * A newly registering agent host, its facts already checked; the token is given only as its SHA-256 (hex).
     * Account, region and tags come from the activation.
     */
    public record NewAgentTarget(String instanceId, String name, String platform, String platformVersion,
            String arch, String agentVersion, String tokenSha256, UUID activationId) {
    }

    private final Pool pool;

    public TargetRepository(Pool pool) {
        this.pool = pool;
    }

    /** A target whose online state changed since it was last announced. */
    public record LivenessChange(String instanceId, boolean online) {
    }

    /**
     * Inserts an AGENT target seen now (so it starts online, and announced so), taking account, region and default tags from its activation; inserts nothing
     * when no activation has that id.
     */
    public Uni<Void> insertAgent(Mutiny.Session session, NewAgentTarget target) {
        return session.createNativeQuery("""
                insert into target (instance_id, name, driver, platform, platform_version, arch,
                                    account, region, tags, agent_version, activation_id, token_sha256,
                                    last_seen, online_announced)
                select :instanceId, :name, 'AGENT', :platform, :platformVersion, :arch,
                       a.account, a.region, a.default_tags, :agentVersion, a.id, :tokenSha256,
                       now(), true
                from activation a where a.id = :activationId
                """)
                .setParameter("instanceId", target.instanceId())
                .setParameter("name", target.name())
                .setParameter("platform", target.platform())
                .setParameter("platformVersion", target.platformVersion())
                .setParameter("arch", target.arch())
                .setParameter("agentVersion", target.agentVersion())
                .setParameter("tokenSha256", target.tokenSha256())
                .setParameter("activationId", target.activationId())
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Updates the facts an agent reported; a null fact leaves the stored value as it is. */
    public Uni<Void> updateReportedFacts(Mutiny.Session session, String instanceId, String platformVersion,
            String agentVersion, String hostname) {
        return session.createNativeQuery("""
                update target set platform_version = coalesce(cast(:platformVersion as text), platform_version),
                                  agent_version = coalesce(cast(:agentVersion as text), agent_version),
                                  name = coalesce(cast(:hostname as text), name)
                where instance_id = :instanceId
                """)
                .setParameter("platformVersion", platformVersion)
                .setParameter("agentVersion", agentVersion)
                .setParameter("hostname", hostname)
                .setParameter("instanceId", instanceId)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Which of a target's tokens a presented one is. */
    public enum TokenKind {
        /** Its token, no rotation asked for. */
        CURRENT,
        /** Its token, and an operator asked for a new one: the call mints the successor. */
        ROTATION_DUE,
        /** The successor minted for a rotation, not used before: its first use makes it the token. */
        SUCCESSOR
    }

    /** The live target a token hash belongs to, and which of its tokens it is. */
    public record TokenMatch(String instanceId, TokenKind kind) {
    }

    /** A successor that became its target's token, and the SHA-256 of the token it ended. */
    public record Promoted(String instanceId, String endedSha256) {
    }

    /**
     * The live (not deregistered) target whose token or pending successor has this SHA-256 (hex), if any; on the
     * pool.
     */
    public Uni<Optional<TokenMatch>> findToken(String tokenSha256) {
        return pool.preparedQuery("""
                select instance_id,
                       case when token_sha256 is distinct from $1 then 'SUCCESSOR'
                            when token_rotation_requested_at is null then 'CURRENT'
                            else 'ROTATION_DUE' end as kind
                from target
                where (token_sha256 = $1 or next_token_sha256 = $1) and deregistered_at is null
                """)
                .execute(Tuple.of(tokenSha256))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.<TokenMatch>empty();
                    }
                    var row = it.next();
                    return Optional.of(new TokenMatch(row.getString("instance_id"),
                            TokenKind.valueOf(row.getString("kind"))));
                });
    }

    /**
     * Stores {@code successorSha256} as the pending successor of the target's token {@code currentSha256}, replacing
     * any earlier one (whose answer was lost, or is about to be: the agent uses the newest it got). Returns false,
     * storing nothing, when that token is no longer the target's or no rotation is due; on the pool.
     */
    public Uni<Boolean> storeSuccessor(String instanceId, String currentSha256, String successorSha256) {
        return pool.preparedQuery("""
                update target set next_token_sha256 = $3
                where instance_id = $1 and token_sha256 = $2
                  and token_rotation_requested_at is not null and deregistered_at is null
                """)
                .execute(Tuple.of(instanceId, currentSha256, successorSha256))
                .map(result -> result.rowCount() > 0);
    }

    /**
     * Makes the pending successor with this SHA-256 the target's token, ending the old one, and tells every replica
     * on {@code channel} (payload: instance id, a space, the old token's SHA-256) when it commits, in the same
     * statement. Returns the instance id and the old token's SHA-256, or empty when no target has this successor (any
     * more); on the pool.
     */
    public Uni<Optional<Promoted>> promoteSuccessor(String successorSha256, String channel) {
        return pool.preparedQuery("""
                with old as (
                  select instance_id, token_sha256 from target
                  where next_token_sha256 = $1 and deregistered_at is null
                  for update
                ), promoted as (
                  update target t set token_sha256 = t.next_token_sha256, next_token_sha256 = null,
                                      token_rotation_requested_at = null
                  from old where t.instance_id = old.instance_id and t.next_token_sha256 = $1
                  returning t.instance_id, old.token_sha256 as old_sha256
                )
                select instance_id, old_sha256, cast(pg_notify($2, instance_id || ' ' || old_sha256) as text) as sent
                from promoted
                """)
                .execute(Tuple.of(successorSha256, channel))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.<Promoted>empty();
                    }
                    var row = it.next();
                    return Optional.of(new Promoted(row.getString("instance_id"), row.getString("old_sha256")));
                });
    }

    /**
     * Asks for a new token for the live AGENT target (keeping the time of a rotation already pending) and tells every
     * replica on {@code channel} (payload: instance id) at commit, so none keeps answering from its cache. Returns
     * when the rotation was asked for, or null when the target is not a live agent target; in the caller's session.
     */
    public Uni<OffsetDateTime> requestTokenRotation(Mutiny.Session session, String instanceId, String channel) {
        return session.createNativeQuery("""
                with asked as (
                  update target set token_rotation_requested_at = coalesce(token_rotation_requested_at, now())
                  where instance_id = :id and driver = 'AGENT' and token_sha256 is not null and deregistered_at is null
                  returning instance_id, token_rotation_requested_at
                )
                select token_rotation_requested_at as requested_at, cast(pg_notify(:channel, instance_id) as text)
                from asked
                """, jakarta.persistence.Tuple.class)
                .setParameter("id", instanceId)
                .setParameter("channel", channel)
                .getResultList()
                .map(rows -> rows.isEmpty() ? null : rows.get(0).get("requested_at", OffsetDateTime.class));
    }

    /** Ends every token of the target: its own, a pending successor and a pending rotation; in the caller's session. */
    public Uni<Void> dropTokens(Mutiny.Session session, String instanceId) {
        return session.createNativeQuery("""
                update target set token_sha256 = null, next_token_sha256 = null, token_rotation_requested_at = null
                where instance_id = :id
                """)
                .setParameter("id", instanceId)
                .executeUpdate()
                .replaceWithVoid();
    }

    /**
     * Sets {@code last_seen} of each target {@code instanceIds[i]} to {@code seen[i]} in one statement on the pool,
     * never moving it back in time. Unknown ids are ignored. The arrays must have the same length.
     */
    public Uni<Void> recordLastSeen(String[] instanceIds, OffsetDateTime[] seen) {
        return pool.preparedQuery("""
                update target t set last_seen = v.seen
                from (select unnest($1::text[]) as id, unnest($2::timestamptz[]) as seen) v
                where t.instance_id = v.id and (t.last_seen is null or t.last_seen < v.seen)
                """)
                .execute(Tuple.of(instanceIds, seen))
                .replaceWithVoid();
    }

    /**
     * Claims up to {@code limit} live targets whose online state at {@code now} (last seen within {@code cutoff})
     * differs from the one last announced, and stores the new state as announced; returns them. Rows another
     * replica's sweep holds are skipped ({@code skip locked}), so no change is announced twice.
     */
    public Uni<List<LivenessChange>> announceLiveness(Mutiny.Session session, OffsetDateTime now, Duration cutoff,
            int limit) {
        return session.createNativeQuery("""
                with due as (
                  select instance_id, coalesce(last_seen > :since, false) as online
                  from target
                  where deregistered_at is null and online_announced <> coalesce(last_seen > :since, false)
                  order by instance_id
                  limit :limit
                  for no key update skip locked
                )
                update target t set online_announced = due.online
                from due where t.instance_id = due.instance_id
                returning t.instance_id as instance_id, t.online_announced as online
                """, jakarta.persistence.Tuple.class)
                .setParameter("since", now.minus(cutoff))
                .setParameter("limit", limit)
                .getResultList()
                .map(rows -> rows.stream()
                        .map(row -> new LivenessChange(row.get("instance_id", String.class),
                                row.get("online", Boolean.class)))
                        .sorted(Comparator.comparing(LivenessChange::instanceId))
                        .toList());
    }

    /** Registered agent targets seen since a cutoff (online) and not (offline), for the metrics gauges. */
    public record AgentCounts(long online, long offline) {
    }

    /** One pass over the registered agent targets, counting those online and offline at {@code since}. */
    public Uni<AgentCounts> countAgents(Mutiny.Session session, OffsetDateTime since) {
        return session.createNativeQuery("""
                select count(*) filter (where last_seen > :since) as online,
                       count(*) filter (where last_seen is null or last_seen <= :since) as offline
                from target where deregistered_at is null and driver = 'AGENT'
                """, jakarta.persistence.Tuple.class)
                .setParameter("since", since)
                .getSingleResult()
                .map(row -> new AgentCounts(row.get("online", Long.class), row.get("offline", Long.class)));
    }

    public Uni<TargetEntity> find(Mutiny.Session session, String instanceId) {
        return session.createSelectionQuery(
                "from TargetEntity where instanceId = :id and deregisteredAt is null", TargetEntity.class)
                .setParameter("id", instanceId)
                .getSingleResultOrNull();
    }

    /** One page ordered by instance id, after {@code afterId}. */
    public Uni<List<TargetEntity>> search(Mutiny.Session session, TargetFilter filter, Duration onlineCutoff,
            String afterId, int limit) {
        var where = where(filter, onlineCutoff);
        if (afterId != null) {
            where.and("instance_id > :after", "after", afterId);
        }
        return where.bind(session.createNativeQuery(
                "select * from target" + where.sql() + " order by instance_id limit " + limit, TargetEntity.class))
                .getResultList();
    }

    public Uni<Long> count(Mutiny.Session session, TargetFilter filter, Duration onlineCutoff) {
        var where = where(filter, onlineCutoff);
        return where.bind(session.createNativeQuery("select count(*) from target" + where.sql(), Long.class))
                .getSingleResult();
    }

    public Uni<List<InstalledPackageEntity>> installedOn(Mutiny.Session session, Collection<String> instanceIds) {
        return session.createSelectionQuery(
                "from InstalledPackageEntity where instanceId in :ids order by instanceId, packageName",
                InstalledPackageEntity.class)
                .setParameter("ids", instanceIds)
                .getResultList();
    }

    /** One package's rows on these targets: at most one per target. */
    public Uni<List<InstalledPackageEntity>> installedOf(Mutiny.Session session, String packageName,
            Collection<String> instanceIds) {
        return session.createSelectionQuery(
                "from InstalledPackageEntity where packageName = :package and instanceId in :ids",
                InstalledPackageEntity.class)
                .setParameter("package", packageName)
                .setParameter("ids", instanceIds)
                .getResultList();
    }

    /**
     * Filters in SQL: tags are jsonb, and "online" compares with the database clock. Public for queries elsewhere that
     * select from {@code target} (not aliased) with more conditions, so they select exactly as {@link #search} does.
     */
    public static NativeWhere where(TargetFilter f, Duration onlineCutoff) {
        var where = new NativeWhere().and("deregistered_at is null");
        if (notEmpty(f.instanceIds())) {
            where.and("instance_id in (:ids)", "ids", f.instanceIds());
        }
        if (f.tags() != null) {
            f.tags().forEach(tag -> where.tag("tags", tag));
        }
        if (notEmpty(f.platforms())) {
            where.and("platform in (:platforms)", "platforms", f.platforms());
        }
        if (f.platformVersion() != null) {
            where.and("platform_version = :platformVersion", "platformVersion", f.platformVersion());
        }
        if (f.arch() != null) {
            where.and("arch = :arch", "arch", f.arch());
        }
        if (notEmpty(f.accounts())) {
            where.and("account in (:accounts)", "accounts", f.accounts());
        }
        if (notEmpty(f.regions())) {
            where.and("region in (:regions)", "regions", f.regions());
        }
        if (f.online() != null) {
            String seen = "(last_seen is not null and last_seen > now() - make_interval(secs => :cutoff))";
            where.and(f.online() ? seen : "not " + seen, "cutoff", (double) onlineCutoff.toSeconds());
        }
        if (f.hasPackage() != null) {
            String installed = "exists (select 1 from installed_package ip where ip.instance_id = target.instance_id"
                    + " and lower(ip.package_name) = lower(:hasPackage)";
            if (f.hasPackageVersion() != null) {
                where.and(installed + " and lower(ip.version) = lower(:hasPackageVersion))",
                        Map.of("hasPackage", f.hasPackage(), "hasPackageVersion", f.hasPackageVersion()));
            } else {
                where.and(installed + ")", "hasPackage", f.hasPackage());
            }
        }
        if (f.packageState() != null) {
            String inState = "exists (select 1 from installed_package ps where ps.instance_id = target.instance_id"
                    + " and ps.status = :packageState";
            if (f.hasPackage() != null) {
                where.and(inState + " and lower(ps.package_name) = lower(:stateOfPackage))",
                        Map.of("packageState", f.packageState().name(), "stateOfPackage", f.hasPackage()));
            } else {
                where.and(inState + ")", "packageState", f.packageState().name());
            }
        }
        return where;
    }

    private static boolean notEmpty(Collection<?> values) {
        return values != null && !values.isEmpty();
    }
}
