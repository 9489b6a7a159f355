package dev.distributor.audit.domain;

import java.time.OffsetDateTime;

/**
 * One row of the audit trail ({@code audit_event}): who ({@code actor}, the token's subject, an agent's instance id,
 * {@code local} or {@code anonymous}) did what ({@code action}) to which {@code resource}, when, from which request and
 * address, and whether it was DONE or REFUSED. {@code details} is the row's JSON object as text.
 */
public record AuditEvent(long id, OffsetDateTime at, String actor, String actorName, String action, String resource,
        String outcome, String details, String requestId, String address) {
}
