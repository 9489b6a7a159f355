package dev.distributor.fleet.domain;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A registration code for agents, like an SSM hybrid activation. The code itself is kept only as a hash. */
@Entity
@Table(name = "activation")
public class ActivationEntity {

    @Id
    public UUID id;

    @Column(name = "code_sha256", nullable = false)
    public String codeSha256;

    public String description;

    @Column(nullable = false)
    public String account;

    @Column(nullable = false)
    public String region;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "default_tags", nullable = false, columnDefinition = "jsonb")
    public Map<String, String> defaultTags = new LinkedHashMap<>();

    @Column(name = "registration_limit", nullable = false)
    public int registrationLimit;

    @Column(nullable = false)
    public int registrations;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    /** When an operator revoked it (it registers no more hosts); null while it is usable. */
    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    @Column(name = "revoked_by")
    public String revokedBy;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;
}
