package dev.distributor.fleet.repository;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.common.db.NativeWhere;
import dev.distributor.fleet.domain.InstalledPackageEntity;
import dev.distributor.fleet.domain.TargetEntity;
import dev.distributor.fleet.domain.TargetFilter;

/** Targets and their installed packages. Deregistered targets are never returned. */
@ApplicationScoped
public class TargetRepository {

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
