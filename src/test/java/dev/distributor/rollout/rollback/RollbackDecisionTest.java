package dev.distributor.rollout.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import dev.distributor.rollout.domain.DeploymentAction;
import dev.distributor.rollout.domain.DeploymentEntity;
import dev.distributor.rollout.domain.InstallType;
import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.domain.RolloutEvent;
import dev.distributor.rollout.domain.RolloutState;
import dev.distributor.rollout.domain.Strategy.OnFailure;
import dev.distributor.rollout.engine.Counts;
import dev.distributor.rollout.engine.RolloutDecision;
import dev.distributor.rollout.engine.RolloutDecision.Decision;
import dev.distributor.rollout.engine.RolloutView;
import dev.distributor.rollout.engine.StrategyView;

/** The engine's pure decision for {@code onFailure: ROLLBACK}, and for a rollback run, which no threshold stops. */
class RollbackDecisionTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-12-01T12:00:00Z");

    @Test
    void overMaxErrors_withOnFailureRollback_theRunTripsToRollback_andDispatchesNothing() {
        RolloutView running = new RolloutView(RolloutState.RUNNING, 2, 3, 0, null, null, 4, 1, 0);
        StrategyView rollback = new StrategyView(95, 0, false, OnFailure.ROLLBACK, 3600, 3600, 8);
        Counts counts = new Counts();
        counts.add(1, InvocationStatus.SUCCESS, 2);
        counts.add(2, InvocationStatus.FAILED, 2);
        counts.add(2, InvocationStatus.IN_PROGRESS, 2);
        counts.add(3, InvocationStatus.PENDING, 6);

        Decision decision = RolloutDecision.decide(running, rollback, counts, NOW);

        assertThat(decision.trip().event()).isEqualTo(RolloutEvent.THRESHOLD_TRIPPED_ROLLBACK);
        assertThat(decision.trip().reason()).isEqualTo("2 failed or timed out, more than maxErrors (1)");
        assertThat(decision.dispatchSlots()).isZero();
    }

    @Test
    void aWaveBelowWaveSuccessPercent_withOnFailureRollback_tripsToRollbackToo() {
        RolloutView running = new RolloutView(RolloutState.RUNNING, 1, 2, 0, null, null, 4, 10, 0);
        StrategyView rollback = new StrategyView(95, 0, false, OnFailure.ROLLBACK, 3600, 3600, 8);
        Counts counts = new Counts();
        counts.add(1, InvocationStatus.SUCCESS, 1);
        counts.add(1, InvocationStatus.FAILED, 1);
        counts.add(2, InvocationStatus.PENDING, 4);

        assertThat(RolloutDecision.decide(running, rollback, counts, NOW).trip().event())
                .isEqualTo(RolloutEvent.THRESHOLD_TRIPPED_ROLLBACK);
    }

    @Test
    void aRollbackRun_triesEveryTarget_andFinishesWhateverFailed() {
        // One wave of 4, maxErrors fixed at 4 when it started, and the rollback strategy: no wave percent.
        RolloutView rollbackRun = new RolloutView(RolloutState.RUNNING, 1, 1, 0, null, null, 2, 4, 0);
        StrategyView strategy = StrategyView.forRollback(deployment());
        Counts counts = new Counts();
        counts.add(1, InvocationStatus.FAILED, 3);
        counts.add(1, InvocationStatus.SUCCESS, 1);

        Decision decision = RolloutDecision.decide(rollbackRun, strategy, counts, NOW);

        assertThat(decision.trip()).isNull();
        assertThat(decision.succeedReason()).isNotNull();
        assertThat(RollbackRuns.ending(counts).event()).isEqualTo(RolloutEvent.ROLLBACK_FAILED);
    }

    @Test
    void aRollbackRunsStrategy_keepsTheDeploymentsTimeouts_withTheStepsOfAReinstall() {
        StrategyView strategy = StrategyView.forRollback(deployment());
        assertThat(strategy.waveSuccessPercent()).isZero();
        assertThat(strategy.manualApproval()).isFalse();
        assertThat(strategy.pauseBetweenWavesSeconds()).isZero();
        assertThat(strategy.commandTimeoutSeconds()).isEqualTo(120);
        assertThat(strategy.deliveryTimeoutSeconds()).isEqualTo(600);
        assertThat(strategy.stepsPerInvocation()).isEqualTo(8);
    }

    private static DeploymentEntity deployment() {
        DeploymentEntity deployment = new DeploymentEntity();
        deployment.action = DeploymentAction.UNINSTALL;
        deployment.installType = InstallType.IN_PLACE;
        deployment.onFailure = OnFailure.ROLLBACK;
        deployment.waveSuccessPercent = 95;
        deployment.manualApproval = true;
        deployment.pauseBetweenWavesSeconds = 30;
        deployment.commandTimeoutSeconds = 120;
        deployment.deliveryTimeoutSeconds = 600;
        return deployment;
    }
}
