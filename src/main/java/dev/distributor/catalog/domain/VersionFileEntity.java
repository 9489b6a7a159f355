package dev.distributor.catalog.domain;

import java.io.Serializable;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A file of a version under its manifest name, pointing at the shared artifact. */
@Entity
@Table(name = "version_file")
@IdClass(VersionFileEntity.Key.class)
public class VersionFileEntity {

    @Id
    @Column(name = "version_id")
    public Long versionId;

    @Id
    @Column(name = "file_name")
    public String fileName;

    @Column(nullable = false)
    public String sha256;

    public static class Key implements Serializable {
        public Long versionId;
        public String fileName;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(versionId, k.versionId) && Objects.equals(fileName, k.fileName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(versionId, fileName);
        }
    }
}
