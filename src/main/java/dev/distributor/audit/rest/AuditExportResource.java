package dev.distributor.audit.rest;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Multi;

import dev.distributor.audit.domain.AuditEvent;
import dev.distributor.audit.service.AuditReads;

/**
 * Exports the audit trail as JSON lines: {@code GET /api/audit?since=2026-01-31T00:00:00Z[&limit=N]} answers
 * {@code application/x-ndjson}, one object per row, oldest first, streamed a chunk at a time. Needs the admin role
 * (401 / 403 JSON otherwise); a bad {@code since} or {@code limit} is 400 INVALID_INPUT. To continue an export, pass
 * the last row's {@code at} as {@code since} and skip the ids already seen.
 */
@Path("/api/audit")
public class AuditExportResource {

    public static final String NDJSON = "application/x-ndjson";

    private final AuditReads audit;
    private final ObjectMapper json;

    public AuditExportResource(AuditReads audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
    }

    /** One exported row; {@code details} is the row's JSON object, written as it is. */
    // Written line by line by our ObjectMapper, outside any resource method signature Quarkus registers.
    @RegisterForReflection
    public record AuditLine(long id, OffsetDateTime at, String actor, String actorName, String action,
            String resource, String outcome, String requestId, String address, @JsonRawValue String details) {

        static AuditLine of(AuditEvent e) {
            return new AuditLine(e.id(), e.at(), e.actor(), e.actorName(), e.action(), e.resource(), e.outcome(),
                    e.requestId(), e.address(), e.details());
        }
    }

    /**
     * Each element is a whole chunk of lines (the framework ends it with a newline): written row by row, the stream
     * would cost one network write per row.
     */
    @GET
    @Produces(NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_OCTET_STREAM)
    public Multi<byte[]> export(@RestQuery String since, @RestQuery String limit) {
        return audit.export(since, limit).map(this::lines);
    }

    /** The chunk as UTF-8 bytes, so the framework writes them as they are (a String would be quoted as JSON). */
    private byte[] lines(List<AuditEvent> chunk) {
        return chunk.stream().map(e -> {
            try {
                return json.writeValueAsString(AuditLine.of(e));
            } catch (JsonProcessingException failure) {
                throw new IllegalStateException("audit rows are plain values", failure);
            }
        }).collect(Collectors.joining("\n")).getBytes(StandardCharsets.UTF_8);
    }
}
