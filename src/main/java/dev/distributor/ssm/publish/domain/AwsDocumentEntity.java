package dev.distributor.ssm.publish.domain;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A package's SSM {@code Package} document and how far its default version is mirrored (table {@code aws_document},
 * V17).
 */
@Entity
@Table(name = "aws_document")
public class AwsDocumentEntity {

    @Id
    @Column(name = "package_id")
    public Long packageId;

    @Column(name = "document_name", nullable = false)
    public String documentName;

    @Column(name = "latest_document_version")
    public String latestDocumentVersion;

    @Column(name = "default_document_version")
    public String defaultDocumentVersion;

    @Column(name = "default_version_name")
    public String defaultVersionName;

    /** The {@code package.default_version_seq} the last mirror run handled; null before the first. */
    @Column(name = "mirrored_seq")
    public Long mirroredSeq;

    /** Successful publications so far: one more makes the mirror look again (the default may just have arrived). */
    @Column(nullable = false)
    public long publications;

    @Column(name = "mirrored_publications", nullable = false)
    public long mirroredPublications;

    @Column(name = "mirror_claimed_until")
    public OffsetDateTime mirrorClaimedUntil;

    @Column(name = "mirror_note")
    public String mirrorNote;

    @Column(name = "mirrored_at")
    public OffsetDateTime mirroredAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
