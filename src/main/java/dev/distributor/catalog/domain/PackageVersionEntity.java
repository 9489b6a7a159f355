package dev.distributor.catalog.domain;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "package_version")
public class PackageVersionEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "package_id", nullable = false)
    public Long packageId;

    @Column(nullable = false)
    public String version;

    /** The manifest exactly as submitted, so unknown keys and key order survive a round trip to AWS. */
    @Column(nullable = false, columnDefinition = "text")
    public String manifest;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public VersionState state;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "published_at")
    public OffsetDateTime publishedAt;
}
