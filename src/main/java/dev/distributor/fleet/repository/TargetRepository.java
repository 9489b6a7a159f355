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
 * {@link #instanceForToken} and {@link #recordLastSeen} are single statements on the reactive {@link Pool}, outside
 * any transaction: they run on every authenticated agent call and every liveness flush, where opening a Hibernate
 * session would add work to the hottest path for nothing.
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

    /** The instance id of the live (not deregistered) target whose token has this SHA-256 (hex), if any; on the pool. */
    public Uni<Optional<String>> instanceForToken(String tokenSha256) {
        return pool.preparedQuery(
                "select instance_id from target where token_sha256 = $1 and deregistered_at is null")
                .execute(Tuple.of(tokenSha256))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(it.next().getString("instance_id")) : Optional.<String>empty();
                });
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

    /** Filters in SQL: tags are jsonb, and "online" compares with the database clock. */
    private static NativeWhere where(TargetFilter f, Duration onlineCutoff) {
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
                    + " and ip.package_name = :hasPackage";
            if (f.hasPackageVersion() != null) {
                where.and(installed + " and ip.version = :hasPackageVersion)",
                        Map.of("hasPackage", f.hasPackage(), "hasPackageVersion", f.hasPackageVersion()));
            } else {
                where.and(installed + ")", "hasPackage", f.hasPackage());
            }
        }
        return where;
    }

    private static boolean notEmpty(Collection<?> values) {
        return values != null && !values.isEmpty();
    }
}
