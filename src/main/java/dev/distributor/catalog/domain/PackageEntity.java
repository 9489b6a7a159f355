package dev.distributor.catalog.domain;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "package")
public class PackageEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String name;

    public String description;

    public String publisher;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, String> tags = new LinkedHashMap<>();

    @Column(name = "default_version")
    public String defaultVersion;

    /**
     * How many times the default version changed: a database trigger counts every change, whatever statement makes it
     * (V12), so the service only reads it (deployments that follow the default start a run on each change).
     */
    @Column(name = "default_version_seq", insertable = false, updatable = false)
    public long defaultVersionSeq;

    @Column(nullable = false)
    public boolean archived;

    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
