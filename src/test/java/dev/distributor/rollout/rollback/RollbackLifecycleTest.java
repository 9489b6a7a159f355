package dev.distributor.rollout.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.rollout.domain.RolloutEvent;
import dev.distributor.rollout.domain.RolloutLifecycle;
import dev.distributor.rollout.domain.RolloutState;

/** The moves a rollback adds to the rollout's one transition table. */
class RollbackLifecycleTest {

    @Test
    void aThresholdTrippedWithOnFailureRollback_failsARunningRun() {
        assertThat(RolloutLifecycle.next(RolloutState.RUNNING, RolloutEvent.THRESHOLD_TRIPPED_ROLLBACK))
                .isEqualTo(RolloutState.FAILED);
        assertThat(RolloutLifecycle.TABLE.allowedFrom(RolloutEvent.THRESHOLD_TRIPPED_ROLLBACK))
                .containsExactly(RolloutState.RUNNING);
    }

    @Test
    void rollingBackARunStillGoing_stopsIt_andAFinishedRunKeepsItsState() {
        assertThat(RolloutLifecycle.next(RolloutState.RUNNING, RolloutEvent.ROLLBACK))
                .isEqualTo(RolloutState.CANCELLED);
        assertThat(RolloutLifecycle.next(RolloutState.PAUSED, RolloutEvent.ROLLBACK))
                .isEqualTo(RolloutState.CANCELLED);
        for (RolloutState finished : new RolloutState[]{RolloutState.SUCCEEDED, RolloutState.FAILED,
                RolloutState.CANCELLED}) {
            assertThat(RolloutLifecycle.next(finished, RolloutEvent.ROLLBACK)).isEqualTo(finished);
        }
    }

    @Test
    void aPlannedRun_orOneRolledBack_cannotBeRolledBack() {
        for (RolloutState refused : new RolloutState[]{RolloutState.PLANNED, RolloutState.ROLLED_BACK}) {
            assertThatThrownBy(() -> RolloutLifecycle.next(refused, RolloutEvent.ROLLBACK))
                    .isInstanceOfSatisfying(DistributorException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
                        assertThat(e.details()).containsEntry("state", refused.name());
                        assertThat(e.getMessage()).contains("Cannot roll back rollout: it is " + refused);
                    });
        }
    }

    @Test
    void aRollbackRun_endsRolledBack_whenEveryTargetIsBack_elseFailed() {
        assertThat(RolloutLifecycle.next(RolloutState.RUNNING, RolloutEvent.ROLLBACK_SUCCEEDED))
                .isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(RolloutLifecycle.next(RolloutState.RUNNING, RolloutEvent.ROLLBACK_FAILED))
                .isEqualTo(RolloutState.FAILED);
        // A failed rollback run may be retried like any failed run, and succeed then.
        assertThat(RolloutLifecycle.next(RolloutState.FAILED, RolloutEvent.RETRY)).isEqualTo(RolloutState.RUNNING);
    }

    @Test
    void theRunPutBack_movesToRolledBack_fromEveryFinishedState_andNeverFromOneGoing() {
        for (RolloutState finished : new RolloutState[]{RolloutState.SUCCEEDED, RolloutState.FAILED,
                RolloutState.CANCELLED}) {
            assertThat(RolloutLifecycle.next(finished, RolloutEvent.PUT_BACK)).isEqualTo(RolloutState.ROLLED_BACK);
        }
        assertThat(RolloutLifecycle.TABLE.allowedFrom(RolloutEvent.PUT_BACK))
                .containsExactlyInAnyOrder(RolloutState.SUCCEEDED, RolloutState.FAILED, RolloutState.CANCELLED);
    }

    @Test
    void rolledBack_isFinal() {
        assertThat(RolloutState.ROLLED_BACK.finished()).isTrue();
        assertThat(RolloutLifecycle.TABLE.all()).noneMatch(t -> t.from() == RolloutState.ROLLED_BACK);
    }
}
