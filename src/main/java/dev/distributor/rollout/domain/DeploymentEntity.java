package dev.distributor.rollout.domain;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
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

/** What to deploy, where and how; each run of it is a {@link RolloutEntity}. */
@Entity
@Table(name = "deployment")
public class DeploymentEntity {

    /** The version spec that follows the package's default version, resolved at the start of each run. */
    public static final String DEFAULT_VERSION = "default";

    @Id
    public UUID id;

    public String name;

    @Column(name = "package_name", nullable = false)
    public String packageName;

    @Column(name = "version_spec", nullable = false)
    public String versionSpec;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeploymentAction action;

    @Enumerated(EnumType.STRING)
    @Column(name = "install_type", nullable = false)
    public InstallType installType;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public Map<String, String> arguments = new LinkedHashMap<>();

    /** JSON of a {@link TargetSelector} (Hibernate Reactive cannot read jsonb arrays into lists). */
    @Column(nullable = false)
    public String selector;

    @Enumerated(EnumType.STRING)
    @Column(name = "schedule_kind", nullable = false)
    public ScheduleKind scheduleKind = ScheduleKind.ONCE;

    @Column(nullable = false)
    public String waves;

    @Column(name = "max_concurrency", nullable = false)
    public String maxConcurrency;

    @Column(name = "max_errors", nullable = false)
    public String maxErrors;

    @Column(name = "wave_success_percent", nullable = false)
    public int waveSuccessPercent;

    @Column(name = "pause_between_waves_secs", nullable = false)
    public int pauseBetweenWavesSeconds;

    @Column(name = "manual_approval", nullable = false)
    public boolean manualApproval;

    @Column(name = "command_timeout_secs", nullable = false)
    public int commandTimeoutSeconds;

    @Column(name = "delivery_timeout_secs", nullable = false)
    public int deliveryTimeoutSeconds;

    @Column(name = "reboot_allowed", nullable = false)
    public boolean rebootAllowed;

    @Enumerated(EnumType.STRING)
    @Column(name = "on_failure", nullable = false)
    public Strategy.OnFailure onFailure;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;

    public Strategy strategy() {
        return new Strategy(List.of(waves.split(",")), maxConcurrency, maxErrors, waveSuccessPercent,
                pauseBetweenWavesSeconds, manualApproval, commandTimeoutSeconds, deliveryTimeoutSeconds, rebootAllowed,
                onFailure);
    }

    public void apply(Strategy strategy) {
        waves = String.join(",", strategy.waves());
        maxConcurrency = strategy.maxConcurrency();
        maxErrors = strategy.maxErrors();
        waveSuccessPercent = strategy.waveSuccessPercent();
        pauseBetweenWavesSeconds = strategy.pauseBetweenWavesSeconds();
        manualApproval = strategy.manualApproval();
        commandTimeoutSeconds = strategy.commandTimeoutSeconds();
        deliveryTimeoutSeconds = strategy.deliveryTimeoutSeconds();
        rebootAllowed = strategy.rebootAllowed();
        onFailure = strategy.onFailure();
    }

    /**
     * Scripts one invocation may run, each under the command timeout: a reinstall may uninstall, install and roll back
     * (uninstall the new, reinstall the old), so 4; anything else runs 1.
     */
    public int scriptsPerInvocation() {
        return action == DeploymentAction.INSTALL && installType == InstallType.REINSTALL ? 4 : 1;
    }

    public boolean followsDefault() {
        return DEFAULT_VERSION.equals(versionSpec);
    }
}
