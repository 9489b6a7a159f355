package dev.distributor.common.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A WHERE clause for native queries, built from optional filters with named parameters only, so no user value is ever
 * spliced into SQL. Native SQL is needed where HQL cannot go (jsonb tags).
 */
public final class NativeWhere {

    private final List<String> clauses = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private int tagCount;

    /** Adds {@code clause} using the named parameter {@code name} bound to {@code value}. */
    public NativeWhere and(String clause, String name, Object value) {
        clauses.add(clause);
        parameters.put(name, value);
        return this;
    }

    /** Adds {@code clause}, which uses every parameter in {@code named}. */
    public NativeWhere and(String clause, Map<String, Object> named) {
        clauses.add(clause);
        parameters.putAll(named);
        return this;
    }

    /** Adds a clause without parameters. */
    public NativeWhere and(String clause) {
        clauses.add(clause);
        return this;
    }

    /** Matches {@code key=value} exactly, or the presence of {@code key}, in a jsonb tags column. */
    public NativeWhere tag(String column, String expression) {
        int n = tagCount++;
        int eq = expression.indexOf('=');
        if (eq < 0) {
            return and("jsonb_exists(" + column + ", :tagKey" + n + ")", "tagKey" + n, expression);
        }
        and(column + " ->> :tagKey" + n + " = :tagValue" + n, "tagKey" + n, expression.substring(0, eq));
        parameters.put("tagValue" + n, expression.substring(eq + 1));
        return this;
    }

    /** Case-insensitive prefix match on a text column. */
    public NativeWhere prefix(String column, String name, String prefix) {
        String escaped = prefix.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return and("lower(" + column + ") like :" + name + " escape '\\'", name, escaped + "%");
    }

    public String sql() {
        return clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses);
    }

    public <Q extends Mutiny.AbstractQuery> Q bind(Q query) {
        parameters.forEach(query::setParameter);
        return query;
    }
}
