package dev.distributor.rollout.engine;

import java.time.OffsetDateTime;

import dev.distributor.rollout.domain.RolloutEntity;
import dev.distributor.rollout.domain.RolloutEntity.WaitingFor;
import dev.distributor.rollout.domain.RolloutState;

/**
 * What {@link RolloutDecision#decide} reads of a run: its state, where it is in its waves and what it resolved at its
 * start (counts, not percentages).
 *
 * @param waveAccepted the last wave a resume accepted below waveSuccessPercent (0: none)
 * @param errorsAcknowledged errors a resume accepted; they no longer count against maxErrors
 */
public record RolloutView(
        RolloutState state,
        int currentWave,
        int waveCount,
        int waveAccepted,
        WaitingFor waitingFor,
        OffsetDateTime nextWaveAt,
        int maxConcurrency,
        int maxErrors,
        int errorsAcknowledged) {

    public static RolloutView of(RolloutEntity rollout) {
        return new RolloutView(rollout.state, rollout.currentWave, rollout.waveCount(), rollout.waveAccepted,
                rollout.waitingFor, rollout.nextWaveAt, rollout.maxConcurrency == null ? 0 : rollout.maxConcurrency,
                rollout.maxErrors == null ? 0 : rollout.maxErrors, rollout.errorsAcknowledged);
    }
}
