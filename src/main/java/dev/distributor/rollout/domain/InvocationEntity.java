package dev.distributor.rollout.domain;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import dev.distributor.fleet.domain.DriverKind;

/** One target's part in a rollout: the file chosen for it by the plan, and what became of its command. */
@Entity
@Table(name = "invocation")
public class InvocationEntity {

    @Id
    public UUID id;

    @Column(name = "rollout_id", nullable = false)
    public UUID rolloutId;

    @Column(name = "instance_id", nullable = false)
    public String instanceId;

    @Column(name = "package_name", nullable = false)
    public String packageName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DriverKind driver;

    /** 1-based; 0 for a target the plan skipped. */
    @Column(nullable = false)
    public int wave;

    @Column(nullable = false)
    public int position;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InvocationStatus status;

    @Column(name = "status_reason")
    public String statusReason;

    public String version;

    /** A rollback run's own action for this target (install the previous version, or uninstall); null: the deployment's. */
    @Enumerated(EnumType.STRING)
    public DeploymentAction action;

    /** With {@link #action}: the install type for this target; null: the deployment's. */
    @Enumerated(EnumType.STRING)
    @Column(name = "install_type")
    public InstallType installType;

    @Column(name = "file_name")
    public String fileName;

    @Column(name = "file_sha256")
    public String fileSha256;

    @Column(name = "file_size")
    public Long fileSize;

    @Column(name = "previous_version")
    public String previousVersion;

    @Column(name = "previous_file_sha256")
    public String previousFileSha256;

    @Column(name = "command_id")
    public UUID commandId;

    @Column(nullable = false)
    public int attempt = 1;

    @Column(name = "exit_code")
    public Integer exitCode;

    @Column(name = "reboot_required", nullable = false)
    public boolean rebootRequired;

    public String step;

    public String output;

    @Column(name = "queued_at")
    public OffsetDateTime queuedAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    /** When the engine saw its host report REBOOTING (service clock); the reboot limit counts from here. */
    @Column(name = "rebooting_since")
    public OffsetDateTime rebootingSince;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** The status before the last {@link #on}, for the event that records the move; not stored. */
    @Transient
    public InvocationStatus previousStatus;

    /** The action this invocation performs: its own (a rollback run's) or the deployment's. */
    public DeploymentAction actionOf(DeploymentEntity deployment) {
        return action != null ? action : deployment.action;
    }

    /** The install type this invocation uses: its own (a rollback run's) or the deployment's. */
    public InstallType installTypeOf(DeploymentEntity deployment) {
        return installType != null ? installType : deployment.installType;
    }

    /** Moves to the status {@code event} leads to, through {@link InvocationLifecycle} (INVALID_STATE if not allowed). */
    public void on(InvocationEvent event) {
        InvocationStatus next = InvocationLifecycle.next(status, event);
        previousStatus = status;
        status = next;
    }
}
