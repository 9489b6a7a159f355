package dev.distributor.fleet.domain;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A managed instance. Facts come from the host; account, region and initial tags from its activation. */
@Entity
@Table(name = "target")
public class TargetEntity {

    @Id
    @Column(name = "instance_id")
    public String instanceId;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DriverKind driver;

    @Column(nullable = false)
    public String platform;

    @Column(name = "platform_version", nullable = false)
    public String platformVersion;

    @Column(nullable = false)
    public String arch;

    @Column(nullable = false)
    public String account;

    @Column(nullable = false)
    public String region;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, String> tags = new LinkedHashMap<>();

    @Column(name = "agent_version")
    public String agentVersion;

    @Column(name = "activation_id")
    public UUID activationId;

    /**
     * SHA-256 of the agent's bearer token; the token itself is never stored. Read-only here: TargetRepository writes
     * it in SQL, so an entity loaded before an agent's token switch never writes the old hash back.
     */
    @Column(name = "token_sha256", insertable = false, updatable = false)
    public String tokenSha256;

    /**
     * When an operator asked for a new token, until the agent has used the one minted for it; null when no rotation is
     * pending. Read-only here, like {@link #tokenSha256}.
     */
    @Column(name = "token_rotation_requested_at", insertable = false, updatable = false)
    public OffsetDateTime tokenRotationRequestedAt;

    /**
     * SHA-256 of the successor token a rotation handed out, until the agent first uses it. Read-only here, like
     * {@link #tokenSha256}; mapped because the fleet's native queries read whole rows ({@code select *}).
     */
    @Column(name = "next_token_sha256", insertable = false, updatable = false)
    public String nextTokenSha256;

    @Column(name = "registered_at", nullable = false, updatable = false)
    public OffsetDateTime registeredAt;

    @Column(name = "last_seen")
    public OffsetDateTime lastSeen;

    @Column(name = "deregistered_at")
    public OffsetDateTime deregisteredAt;

    /**
     * What the liveness sweep last announced (TARGET_ONLINE / TARGET_OFFLINE). Read-only here: only the sweep writes
     * it, in SQL, so an entity loaded before a sweep never writes an old value back.
     */
    @Column(name = "online_announced", insertable = false, updatable = false)
    public boolean onlineAnnounced;
}
