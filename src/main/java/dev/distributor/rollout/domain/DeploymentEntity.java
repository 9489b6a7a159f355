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

    /** CRON only: the standard 5-field expression, read in {@link #timeZone}. */
    @Column(name = "cron_expression")
    public String cronExpression;

    /** The IANA time zone the cron expression and the maintenance windows are read in (default UTC). */
    @Column(name = "time_zone", nullable = false)
    public String timeZone = "UTC";

    @Enumerated(EnumType.STRING)
    @Column(name = "overlap_policy", nullable = false)
    public OverlapPolicy overlapPolicy = OverlapPolicy.SKIP;

    /** A paused schedule starts no run; runs already started go on. */
    @Column(name = "schedule_paused", nullable = false)
    public boolean schedulePaused;

    @Column(name = "schedule_paused_reason")
    public String schedulePausedReason;

    /** CRON: the next firing not handled yet, on the service clock; a firing missed while the service was down stays due. */
    @Column(name = "next_run_at")
    public OffsetDateTime nextRunAt;

    /** WAIT: since when a due run waits for an unfinished run of the deployment (null: none waits). */
    @Column(name = "run_waiting_since")
    public OffsetDateTime runWaitingSince;

    /** JSON of the maintenance windows (null: no window, new invocations may start at any time). */
    @Column(name = "maintenance_windows")
    public String maintenanceWindows;

    /** ON_DEFAULT_VERSION_CHANGE: the package's default-version change counter this deployment has handled. */
    @Column(name = "default_version_seen")
    public Long defaultVersionSeen;

    /** ON_NEW_TARGET: the run the trigger last paused the schedule for (it pauses once per failed run). */
    @Column(name = "trigger_paused_for_run")
    public UUID triggerPausedForRun;

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
     * Steps one invocation may take on the shell agent, each bounded by the command timeout (docs/ROLLOUTS.md): a
     * reinstall may download the new and the previous file, validate the installed copy, uninstall it, install, validate
     * and roll back (uninstall the new, reinstall the old), so 8; an in-place update downloads, validates the installed
     * copy and updates, 3; an uninstall downloads (when nothing is cached) and uninstalls, 2.
     */
    public int stepsPerInvocation() {
        if (action == DeploymentAction.UNINSTALL) {
            return 2;
        }
        return installType == InstallType.REINSTALL ? 8 : 3;
    }

    public boolean followsDefault() {
        return DEFAULT_VERSION.equals(versionSpec);
    }
}
