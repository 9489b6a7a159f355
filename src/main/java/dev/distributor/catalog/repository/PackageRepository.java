package dev.distributor.catalog.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.domain.PackageEntity;

/** Package rows. Every method takes the caller's session, so one operation is one session (see Guard). */
@ApplicationScoped
public class PackageRepository {

    public Uni<PackageEntity> findByName(Mutiny.Session session, String name) {
        return session.createSelectionQuery("from PackageEntity where name = :name", PackageEntity.class)
                .setParameter("name", name)
                .getSingleResultOrNull();
    }

    public Uni<PackageEntity> findByNameIgnoringCase(Mutiny.Session session, String name) {
        return session.createSelectionQuery("from PackageEntity where lower(name) = lower(:name)",
                PackageEntity.class)
                .setParameter("name", name)
                .getSingleResultOrNull();
    }

    public Uni<List<PackageEntity>> findByNames(Mutiny.Session session, Collection<String> names) {
        return session.createSelectionQuery("from PackageEntity where name in :names", PackageEntity.class)
                .setParameter("names", names)
                .getResultList();
    }

    /** One page ordered by name, starting after {@code afterName}. */
    public Uni<List<PackageEntity>> search(Mutiny.Session session, PackageFilter filter, String afterName, int limit) {
        var where = new Where(filter);
        if (afterName != null) {
            where.add("name > :after", "after", afterName);
        }
        return where.bind(session.createNativeQuery(
                "select * from package" + where.sql() + " order by name limit " + limit, PackageEntity.class))
                .getResultList();
    }

    public Uni<Long> count(Mutiny.Session session, PackageFilter filter) {
        var where = new Where(filter);
        return where.bind(session.createNativeQuery("select count(*) from package" + where.sql(), Long.class))
                .getSingleResult();
    }

    public Uni<Void> delete(Mutiny.Session session, PackageEntity entity) {
        return session.remove(entity);
    }

    /** Builds the native WHERE clause; tags are jsonb, which HQL cannot query. */
    private static final class Where {
        private final List<String> clauses = new ArrayList<>();
        private final Map<String, Object> parameters = new LinkedHashMap<>();

        Where(PackageFilter filter) {
            if (filter.namePrefix() != null && !filter.namePrefix().isEmpty()) {
                add("lower(name) like :prefix escape '\\'", "prefix",
                        escapeLike(filter.namePrefix().toLowerCase()) + "%");
            }
            if (filter.publisher() != null) {
                add("publisher = :publisher", "publisher", filter.publisher());
            }
            if (filter.tag() != null) {
                int eq = filter.tag().indexOf('=');
                if (eq < 0) {
                    add("jsonb_exists(tags, :tagKey)", "tagKey", filter.tag());
                } else {
                    add("tags ->> :tagKey = :tagValue", "tagKey", filter.tag().substring(0, eq));
                    parameters.put("tagValue", filter.tag().substring(eq + 1));
                }
            }
        }

        void add(String clause, String name, Object value) {
            clauses.add(clause);
            parameters.put(name, value);
        }

        String sql() {
            return clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses);
        }

        <Q extends Mutiny.AbstractQuery> Q bind(Q query) {
            parameters.forEach(query::setParameter);
            return query;
        }

        private static String escapeLike(String text) {
            return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        }
    }
}
