package dev.distributor.rollout.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.distributor.fleet.domain.InstalledPackageState;
import dev.distributor.rollout.domain.DeploymentAction;
import dev.distributor.rollout.domain.InvocationStatus;
import dev.distributor.rollout.engine.Counts;
import dev.distributor.rollout.rollback.RollbackRule.Action;
import dev.distributor.rollout.rollback.RollbackRule.Decision;
import dev.distributor.rollout.rollback.RollbackRule.Installed;

/** What a rollback does on one target, from what the run found there and what the target has now. */
class RollbackRuleTest {

    private static final InstalledPackageState INSTALLED = InstalledPackageState.INSTALLED;
    private static final InstalledPackageState BROKEN = InstalledPackageState.BROKEN;

    @Test
    void aTargetThatHadAVersion_andHasAnotherNow_getsThePreviousVersionInstalledAgain() {
        assertThat(RollbackRule.decide("1.0", "2.0", INSTALLED))
                .isEqualTo(new Decision(Action.INSTALL_PREVIOUS, "1.0", null, null));
    }

    @Test
    void aTargetThatHasThePreviousVersionInstalledAgain_isSkippedAsAlreadyInstalled() {
        // The agent's own rollback (a failed reinstall) already restored it.
        Decision decision = RollbackRule.decide("1.0", "1.0", INSTALLED);
        assertThat(decision.action()).isEqualTo(Action.SKIP);
        assertThat(decision.skipReason()).isEqualTo("ALREADY_INSTALLED");
        assertThat(decision.version()).isEqualTo("1.0");
    }

    @Test
    void aBrokenCopyOfThePreviousVersion_countsAsChanged_andIsInstalledAgain() {
        assertThat(RollbackRule.decide("1.0", "1.0", BROKEN).action()).isEqualTo(Action.INSTALL_PREVIOUS);
        assertThat(RollbackRule.decide("1.0", "2.0", BROKEN).action()).isEqualTo(Action.INSTALL_PREVIOUS);
    }

    @Test
    void aTargetThatHadAVersion_andHasNothingNow_getsItInstalledAgain() {
        // An uninstall run, or an install whose failure left nothing.
        assertThat(RollbackRule.decide("1.0", null, null))
                .isEqualTo(new Decision(Action.INSTALL_PREVIOUS, "1.0", null, null));
    }

    @Test
    void anUnknownStateOfThePreviousVersion_isInstalledAgain() {
        assertThat(RollbackRule.decide("1.0", "1.0", null).action()).isEqualTo(Action.INSTALL_PREVIOUS);
    }

    @Test
    void aTargetThatHadNothing_getsWhatItHasNowUninstalled() {
        assertThat(RollbackRule.decide(null, "2.0", INSTALLED))
                .isEqualTo(new Decision(Action.UNINSTALL, "2.0", null, null));
        assertThat(RollbackRule.decide(null, "2.0", BROKEN).action()).isEqualTo(Action.UNINSTALL);
    }

    @Test
    void aTargetThatHadNothing_andHasNothing_isSkippedAsNotInstalled() {
        Decision decision = RollbackRule.decide(null, null, null);
        assertThat(decision.action()).isEqualTo(Action.SKIP);
        assertThat(decision.skipReason()).isEqualTo("NOT_INSTALLED");
        assertThat(decision.version()).isNull();
    }

    @Test
    void whatTheTargetHasNow_isTheRecord_unlessTheRunsInvocationIsStillOut() {
        assertThat(RollbackRule.installedNow(false, DeploymentAction.INSTALL, "2.0", "1.0", INSTALLED))
                .isEqualTo(new Installed("1.0", INSTALLED));
        // Still out: the record is not final; what the command installs is assumed, in an unknown state.
        assertThat(RollbackRule.installedNow(true, DeploymentAction.INSTALL, "2.0", "1.0", INSTALLED))
                .isEqualTo(new Installed("2.0", null));
        assertThat(RollbackRule.installedNow(true, DeploymentAction.UNINSTALL, "1.0", "1.0", INSTALLED))
                .isEqualTo(new Installed(null, null));
    }

    @Test
    void anInvocationStillOut_withThePreviousVersionRecorded_isPutBackAnyway() {
        // A reinstall of 2.0 over 1.0 still running: the record says 1.0, but 2.0 may land.
        Installed has = RollbackRule.installedNow(true, DeploymentAction.INSTALL, "2.0", "1.0", INSTALLED);
        assertThat(RollbackRule.decide("1.0", has.version(), has.state()).action())
                .isEqualTo(Action.INSTALL_PREVIOUS);
        // A first install still running on a host that had nothing: what it installs is uninstalled after it.
        Installed fresh = RollbackRule.installedNow(true, DeploymentAction.INSTALL, "2.0", null, null);
        assertThat(RollbackRule.decide(null, fresh.version(), fresh.state()))
                .isEqualTo(new Decision(Action.UNINSTALL, "2.0", null, null));
    }

    @Test
    void theTargetsARunMayHaveChanged_areThoseAHostStartedOrStillHas() {
        assertThat(RollbackRule.mayHaveChanged(InvocationStatus.SUCCESS, true)).isTrue();
        assertThat(RollbackRule.mayHaveChanged(InvocationStatus.SUCCESS, false)).isTrue();
        for (InvocationStatus out : InvocationStatus.OUT) {
            assertThat(RollbackRule.mayHaveChanged(out, false)).as(out.name()).isTrue();
        }
        for (InvocationStatus ended : new InvocationStatus[]{InvocationStatus.FAILED, InvocationStatus.TIMED_OUT,
                InvocationStatus.CANCELLED}) {
            assertThat(RollbackRule.mayHaveChanged(ended, true)).as(ended + " after the host started it").isTrue();
            assertThat(RollbackRule.mayHaveChanged(ended, false)).as(ended + " before any host took it")
                    .isFalse();
        }
        assertThat(RollbackRule.mayHaveChanged(InvocationStatus.PENDING, false)).isFalse();
        assertThat(RollbackRule.mayHaveChanged(InvocationStatus.SKIPPED, false)).isFalse();
    }

    @Test
    void aRollbackRun_endsRolledBack_whenNoTargetFailed_elseFailed_countingTheTargetsItTried() {
        Counts clean = new Counts();
        clean.add(1, InvocationStatus.SUCCESS, 4);
        clean.add(0, InvocationStatus.SKIPPED, 2);
        assertThat(RollbackRuns.ending(clean))
                .isEqualTo(new RollbackRuns.Ending(true, "put back 4 target(s), 2 already as before"));
        assertThat(RollbackRuns.ending(clean).event()).isEqualTo(
                dev.distributor.rollout.domain.RolloutEvent.ROLLBACK_SUCCEEDED);

        Counts failed = new Counts();
        failed.add(1, InvocationStatus.SUCCESS, 3);
        failed.add(1, InvocationStatus.FAILED, 1);
        failed.add(1, InvocationStatus.TIMED_OUT, 1);
        failed.add(0, InvocationStatus.SKIPPED, 2);
        assertThat(RollbackRuns.ending(failed))
                .isEqualTo(new RollbackRuns.Ending(false, "rollback failed on 2 of 5 targets"));
        assertThat(RollbackRuns.ending(failed).event()).isEqualTo(
                dev.distributor.rollout.domain.RolloutEvent.ROLLBACK_FAILED);
    }

    @Test
    void theReasonOfARunBeingRolledBack_namesTheRollbackRun_once() {
        String reason = RollbackRuns.rollingBackReason("3 failed or timed out, more than maxErrors (2)", 4);
        assertThat(reason).isEqualTo("3 failed or timed out, more than maxErrors (2); rolling back in run 4");
        assertThat(RollbackRuns.rollingBackReason(reason, 4)).isEqualTo(reason);
        assertThat(RollbackRuns.rollingBackReason(null, 2)).isEqualTo("rolling back in run 2");
    }
}
