package dev.distributor.ssm.publish.domain;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A version's publication to AWS Distributor (table {@code aws_publication}, V17). */
@Entity
@Table(name = "aws_publication")
public class AwsPublicationEntity {

    @Id
    @Column(name = "version_id")
    public Long versionId;

    @Column(name = "package_id", nullable = false)
    public Long packageId;

    @Column(name = "document_name", nullable = false)
    public String documentName;

    @Column(name = "source_url", nullable = false)
    public String sourceUrl;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AwsPublicationState state;

    @Column(name = "document_version")
    public String documentVersion;

    @Column(name = "error_operation")
    public String errorOperation;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "claimed_until")
    public OffsetDateTime claimedUntil;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @Column(name = "requested_at", nullable = false)
    public OffsetDateTime requestedAt;

    @Column(name = "published_at")
    public OffsetDateTime publishedAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
