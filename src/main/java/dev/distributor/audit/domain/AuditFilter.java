package dev.distributor.audit.domain;

import java.time.OffsetDateTime;

/**
 * Which audit rows to read; null fields match everything. {@code action} and {@code resource} match exactly, or every
 * value starting with their text when {@code actionPrefix} / {@code resourcePrefix} is set. {@code from} is inclusive,
 * {@code to} exclusive.
 */
public record AuditFilter(String actor, String action, boolean actionPrefix, String resource,
        boolean resourcePrefix, String outcome, OffsetDateTime from, OffsetDateTime to) {

    public static final AuditFilter ALL = new AuditFilter(null, null, false, null, false, null, null, null);
}
