package dev.distributor.fleet.domain;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A package a target has installed, as its agent last reported or a successful command recorded. */
@Entity
@Table(name = "installed_package")
@IdClass(InstalledPackageEntity.Key.class)
public class InstalledPackageEntity {

    @Id
    @Column(name = "instance_id")
    public String instanceId;

    @Id
    @Column(name = "package_name")
    public String packageName;

    @Column(nullable = false)
    public String version;

    /** Hash of the additional arguments it was installed with; a change means reinstall, not "already there". */
    @Column(name = "arguments_hash")
    public String argumentsHash;

    /** INSTALLED, or BROKEN after a failed rollback (column {@code status}). */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InstalledPackageState status;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public static class Key implements Serializable {
        public String instanceId;
        public String packageName;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(instanceId, k.instanceId)
                    && Objects.equals(packageName, k.packageName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(instanceId, packageName);
        }
    }
}
