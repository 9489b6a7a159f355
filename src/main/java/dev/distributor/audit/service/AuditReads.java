package dev.distributor.audit.service;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.distributor.audit.domain.AuditEvent;
import dev.distributor.audit.domain.AuditFilter;
import dev.distributor.audit.repository.AuditRepository;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.error.Texts;
import dev.distributor.common.graphql.Page;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/**
 * Reading the audit trail. It names people and the addresses they came from, so every read needs
 * {@link Permission#ADMIN}, checked before anything else. Nothing in the service changes or deletes a row.
 */
@ApplicationScoped
public class AuditReads {

    /** Rows per query of an export: the export streams chunk by chunk instead of holding the trail in memory. */
    static final int EXPORT_CHUNK = 500;
    /** The most rows one export may ask for. */
    public static final long MAX_EXPORT = 10_000_000;

    /** Action names are dotted words ({@code package.create}); a trailing {@code *} asks for a prefix. */
    private static final Pattern ACTION = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}\\*?|\\*");

    /** The filter as the client sent it; see {@link #list}. */
    public record Query(String actor, String action, String resource, String outcome, String from, String to) {
    }

    /** One page, newest first. */
    public record AuditPage(Page.Slice<AuditEvent> slice) {
    }

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final AuditRepository audit;

    public AuditReads(AccessControl access, UnitOfWork unitOfWork, AuditRepository audit) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.audit = audit;
    }

    /**
     * Rows matching {@code query}, newest first, {@code first} at a time after the cursor {@code after}.
     *
     * @throws DistributorException FORBIDDEN / UNAUTHORIZED without ADMIN; then INVALID_INPUT naming the field
     *             ({@code filter.from}, {@code first}, {@code after}, ...) for a value that is not one
     */
    public Uni<AuditPage> list(Query query, Integer first, String after) {
        return access.require(Permission.ADMIN, "audit.list").chain(admin -> {
            AuditFilter filter = checked(query);
            Page page = Page.of(first, after);
            Long before = page.afterKey() == null ? null : cursorId(page.afterKey());
            return unitOfWork.read(session -> audit.newestFirst(session, filter, before, page.fetchSize()))
                    .map(rows -> new AuditPage(page.slice(rows, e -> Long.toString(e.id()))));
        });
    }

    /**
     * Every row written at or after {@code since}, oldest first, at most {@code limit} (all when null), in chunks of up
     * to {@value #EXPORT_CHUNK} rows, each read as the consumer asks for it. Chunks are never empty.
     *
     * @throws DistributorException FORBIDDEN / UNAUTHORIZED without ADMIN; then INVALID_INPUT for {@code since} or
     *             {@code limit}
     */
    public Multi<List<AuditEvent>> export(String since, String limit) {
        return access.require(Permission.ADMIN, "audit.export").onItem().transformToMulti(admin -> {
            OffsetDateTime from = time("since", since);
            if (from == null) {
                throw DistributorException.invalidInput("since",
                        "since is required: an ISO-8601 instant such as 2026-01-31T00:00:00Z.");
            }
            long most = limit(limit);
            AtomicLong lastId = new AtomicLong(0);
            AtomicLong left = new AtomicLong(most);
            AtomicInteger asked = new AtomicInteger();
            return Multi.createBy().repeating()
                    .uni(() -> {
                        asked.set((int) Math.min(EXPORT_CHUNK, left.get()));
                        return unitOfWork.read(session -> audit.oldestFirst(session, from, lastId.get(), asked.get()));
                    })
                    .whilst(rows -> {
                        if (!rows.isEmpty()) {
                            lastId.set(rows.get(rows.size() - 1).id());
                            left.addAndGet(-rows.size());
                        }
                        // A short chunk is the last one: no need to ask again for nothing.
                        return rows.size() == asked.get() && left.get() > 0;
                    })
                    .select().where(rows -> !rows.isEmpty());
        });
    }

    /** Each value reaches SQL, so each is held to a rule first (INVALID_INPUT naming {@code filter.<field>}). */
    static AuditFilter checked(Query query) {
        if (query == null) {
            return AuditFilter.ALL;
        }
        String actor = Texts.oneLine("filter.actor", blankToNull(query.actor()), 256);
        String action = blankToNull(query.action());
        if (action != null && !ACTION.matcher(action).matches()) {
            throw DistributorException.invalidInput("filter.action", "filter.action must be an action name such as "
                    + "package.create, or a prefix ending in * such as package.*.");
        }
        String resource = Texts.oneLine("filter.resource", blankToNull(query.resource()), 512);
        String outcome = blankToNull(query.outcome());
        if (outcome != null && !List.of("DONE", "REFUSED").contains(outcome)) {
            throw DistributorException.invalidInput("filter.outcome", "filter.outcome must be DONE or REFUSED.");
        }
        OffsetDateTime from = time("filter.from", query.from());
        OffsetDateTime to = time("filter.to", query.to());
        if (from != null && to != null && !from.isBefore(to)) {
            throw DistributorException.invalidInput("filter.to", "filter.to must be after filter.from.");
        }
        boolean actionPrefix = action != null && action.endsWith("*");
        boolean resourcePrefix = resource != null && resource.endsWith("*");
        return new AuditFilter(actor, actionPrefix ? strip(action) : action, actionPrefix,
                resourcePrefix ? strip(resource) : resource, resourcePrefix, outcome, from, to);
    }

    /** An ISO-8601 timestamp with an offset or Z ({@code 2026-01-31T08:00:00Z}); null stays null. */
    static OffsetDateTime time(String field, String value) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new DistributorException(ErrorCode.INVALID_INPUT, field
                    + " must be an ISO-8601 timestamp with an offset, such as 2026-01-31T08:00:00Z.",
                    Map.of("field", field));
        }
    }

    /** The export's row limit; MAX_EXPORT when not given. */
    private static long limit(String value) {
        String text = blankToNull(value);
        if (text == null) {
            return MAX_EXPORT;
        }
        try {
            long limit = Long.parseLong(text);
            if (limit >= 1 && limit <= MAX_EXPORT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Answered below, like an out-of-range number.
        }
        throw DistributorException.invalidInput("limit", "limit must be a whole number from 1 to " + MAX_EXPORT + ".");
    }

    private static long cursorId(String key) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw DistributorException.invalidInput("after", "after is not a cursor this API returned.");
        }
    }

    private static String strip(String prefix) {
        return prefix.substring(0, prefix.length() - 1);
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
