package dev.distributor.rollout.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.distributor.agent.domain.AgentCommandState;
import dev.distributor.agent.queue.AgentCommandQueue;
import dev.distributor.fleet.domain.InstalledPackageEntity;
import dev.distributor.fleet.domain.InstalledPackageState;

/**
 * A plan skips a target as ALREADY_INSTALLED only when it has that version INSTALLED with the same arguments and no
 * validate script decides; a BROKEN copy (a failed rollback) is never skipped. A final report at step rollback that is
 * not a success is what records a package BROKEN.
 */
class PlannerSkipRuleTest {

    private static final String HASH = "a".repeat(64);

    @Test
    void sameVersionAndArguments_installed_isSkipped_butNeverWhenBroken() {
        assertThat(Planner.skipsAsInstalled("1.0.0", HASH, row("1.0.0", HASH, InstalledPackageState.INSTALLED), false))
                .isTrue();
        assertThat(Planner.skipsAsInstalled("1.0.0", HASH, row("1.0.0", HASH, InstalledPackageState.BROKEN), false))
                .isFalse();
        assertThat(Planner.skipsAsInstalled("1.0.0", HASH, row("1.0.0", null, InstalledPackageState.BROKEN), false))
                .isFalse();
    }

    @Test
    void anotherVersion_otherArguments_aValidateScript_orNothingInstalled_isNotSkipped() {
        assertThat(Planner.skipsAsInstalled("2.0.0", HASH, row("1.0.0", HASH, InstalledPackageState.INSTALLED), false))
                .isFalse();
        assertThat(Planner.skipsAsInstalled("1.0.0", HASH,
                row("1.0.0", "b".repeat(64), InstalledPackageState.INSTALLED), false)).isFalse();
        assertThat(Planner.skipsAsInstalled("1.0.0", HASH, row("1.0.0", HASH, InstalledPackageState.INSTALLED), true))
                .isFalse();
        assertThat(Planner.skipsAsInstalled("1.0.0", HASH, null, false)).isFalse();
    }

    @Test
    void onlyAFinalUnsuccessfulReportAtStepRollback_leavesThePackageBroken() {
        assertThat(AgentCommandQueue.leavesBroken(AgentCommandState.FAILED, "rollback")).isTrue();
        assertThat(AgentCommandQueue.leavesBroken(AgentCommandState.TIMED_OUT, "rollback")).isTrue();
        assertThat(AgentCommandQueue.leavesBroken(AgentCommandState.FAILED, "install")).isFalse();
        assertThat(AgentCommandQueue.leavesBroken(AgentCommandState.SUCCESS, "rollback")).isFalse();
        assertThat(AgentCommandQueue.leavesBroken(AgentCommandState.IN_PROGRESS, "rollback")).isFalse();
        assertThat(AgentCommandQueue.leavesBroken(AgentCommandState.FAILED, null)).isFalse();
    }

    private static InstalledPackageEntity row(String version, String argumentsHash, InstalledPackageState state) {
        InstalledPackageEntity row = new InstalledPackageEntity();
        row.instanceId = "mi-1";
        row.packageName = "app";
        row.version = version;
        row.argumentsHash = argumentsHash;
        row.status = state;
        return row;
    }
}
