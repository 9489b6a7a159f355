package dev.distributor.catalog.domain;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

/** A verified zip in the artifact store, keyed by its content hash; shared by every version that names it. */
@Entity
@Table(name = "artifact")
public class ArtifactEntity {

    @Id
    public String sha256;

    @Column(nullable = false)
    public long size;

    @Column(name = "s3_key", nullable = false)
    public String s3Key;

    @Column(name = "entry_count", nullable = false)
    public int entryCount;

    @Column(name = "expanded_size", nullable = false)
    public long expandedSize;

    /** Script names found at the zip's root (install.sh, update.ps1, ...), read once when it was verified. */
    @Convert(converter = ScriptListConverter.class)
    @Column(name = "root_scripts", nullable = false)
    public List<String> rootScripts = new ArrayList<>();

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    /** Root script texts read during verification, written to artifact_script with the artifact. */
    @Transient
    public Map<String, String> scriptTexts = Map.of();
}
