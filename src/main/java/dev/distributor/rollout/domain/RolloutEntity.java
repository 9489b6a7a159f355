package dev.distributor.rollout.domain;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One run of a deployment. Only the engine tick and the rollout mutations change it, each holding its row lock. */
@Entity
@Table(name = "rollout")
public class RolloutEntity {

    public enum WaitingFor {
        APPROVAL, TIMER
    }

    public enum PauseCause {
        OPERATOR, MAX_ERRORS, WAVE_THRESHOLD
    }

    @Id
    public UUID id;

    @Column(name = "deployment_id", nullable = false)
    public UUID deploymentId;

    @Column(name = "run_number", nullable = false)
    public int runNumber;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RolloutState state;

    @Column(name = "state_reason")
    public String stateReason;

    @Enumerated(EnumType.STRING)
    @Column(name = "pause_cause")
    public PauseCause pauseCause;

    public String version;

    @Column(name = "wave_sizes")
    public String waveSizes;

    @Column(name = "current_wave", nullable = false)
    public int currentWave;

    @Column(name = "wave_accepted", nullable = false)
    public int waveAccepted;

    @Enumerated(EnumType.STRING)
    @Column(name = "waiting_for")
    public WaitingFor waitingFor;

    @Column(name = "next_wave_at")
    public OffsetDateTime nextWaveAt;

    @Column(name = "max_concurrency")
    public Integer maxConcurrency;

    @Column(name = "max_errors")
    public Integer maxErrors;

    @Column(name = "errors_acknowledged", nullable = false)
    public int errorsAcknowledged;

    @Column(name = "event_seq", nullable = false)
    public long eventSeq;

    /** What started the run. */
    @Enumerated(EnumType.STRING)
    @Column(name = "run_trigger", nullable = false)
    public RunTrigger trigger = RunTrigger.MANUAL;

    /** CRON runs: the firing this run stands for (the latest one when several were missed). */
    @Column(name = "scheduled_for")
    public OffsetDateTime scheduledFor;

    /** A rollback run: the run it puts back. */
    @Column(name = "rollback_of")
    public UUID rollbackOf;

    /** A rolled-back run: the run that puts it back. */
    @Column(name = "rolled_back_by")
    public UUID rolledBackBy;

    /** Outside every maintenance window of its deployment: no new invocation starts until one opens. */
    @Column(name = "held_by_window", nullable = false)
    public boolean heldByWindow;

    @Column(name = "start_key")
    public String startKey;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** Moves to the state {@code event} leads to, through {@link RolloutLifecycle} (INVALID_STATE if not allowed). */
    public void on(RolloutEvent event) {
        state = RolloutLifecycle.next(id, state, event);
    }

    /**
     * Starts the next wave: the one step behind the engine's advance and {@code approveWave}. Clears any wait (the
     * approval asked for, the timer and its time) and journals {@code WAVE_STARTED}.
     */
    public void startNextWave(Journal journal) {
        currentWave++;
        waitingFor = null;
        nextWaveAt = null;
        journal.rollout("WAVE_STARTED", Map.of("wave", currentWave));
    }

    public List<Integer> waveSizeList() {
        if (waveSizes == null || waveSizes.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(waveSizes.split(",")).map(Integer::valueOf).toList();
    }

    public int waveCount() {
        return waveSizeList().size();
    }
}
