package dev.distributor.catalog.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.domain.PackageEntity;
import dev.distributor.catalog.domain.PackageFilter;
import dev.distributor.common.db.NativeWhere;

/** Package rows. Every method takes the caller's session, so one operation is one session (see UnitOfWork). */
@ApplicationScoped
public class PackageRepository {

    /**
     * The package named {@code name} ignoring case (docs/ROLLOUTS.md "Names and case"): names are unique ignoring case
     * (index {@code package_name_ci}, which this lookup uses), so at most one row matches; callers carry on with the
     * stored spelling, {@code PackageEntity.name}.
     */
    public Uni<PackageEntity> findByName(Mutiny.Session session, String name) {
        return session.createSelectionQuery("from PackageEntity where lower(name) = lower(:name)",
                PackageEntity.class)
                .setParameter("name", name)
                .getSingleResultOrNull();
    }

    /** One page ordered by name, starting after {@code afterName}. */
    public Uni<List<PackageEntity>> search(Mutiny.Session session, PackageFilter filter, String afterName, int limit) {
        var where = where(filter);
        if (afterName != null) {
            where.and("name > :after", "after", afterName);
        }
        return where.bind(session.createNativeQuery(
                "select * from package" + where.sql() + " order by name limit " + limit, PackageEntity.class))
                .getResultList();
    }

    public Uni<Long> count(Mutiny.Session session, PackageFilter filter) {
        var where = where(filter);
        return where.bind(session.createNativeQuery("select count(*) from package" + where.sql(), Long.class))
                .getSingleResult();
    }

    public Uni<Void> delete(Mutiny.Session session, PackageEntity entity) {
        return session.remove(entity);
    }

    /** Tags are jsonb, which HQL cannot query, hence native SQL. */
    private static NativeWhere where(PackageFilter filter) {
        var where = new NativeWhere();
        if (filter.namePrefix() != null && !filter.namePrefix().isEmpty()) {
            where.prefix("name", "prefix", filter.namePrefix());
        }
        if (filter.publisher() != null) {
            where.and("publisher = :publisher", "publisher", filter.publisher());
        }
        if (filter.tag() != null) {
            where.tag("tags", filter.tag());
        }
        return where;
    }
}
