package dev.distributor.ssm.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How SSM's invocation statuses read as ours (AWS API reference, "Understanding command statuses"). */
class SsmStatusMappingTest {

    private static final String ID = "0b1c2d3e-0000-4000-8000-000000000001";

    @Test
    void pendingAndDelayedAreQueuedWithoutOutput() {
        for (String status : new String[]{"Pending", "Delayed"}) {
            MappedStatus mapped = SsmStatusMapping.map(SsmInvocation.listed(ID, status, status), false);

            assertThat(mapped.status()).isEqualTo("QUEUED");
            assertThat(mapped.finished()).isFalse();
            assertThat(mapped.output()).isNull();
        }
    }

    @Test
    void inProgressIsInProgress() {
        assertThat(SsmStatusMapping.map(SsmInvocation.listed(ID, "InProgress", "InProgress"), false).status())
                .isEqualTo("IN_PROGRESS");
    }

    @Test
    void cancellingKeepsThePreviousStatusSoACommandThatNeverStartedIsNoStart() {
        SsmInvocation cancelling = SsmInvocation.listed(ID, "Cancelling", "Cancelling");

        assertThat(SsmStatusMapping.map(cancelling, true, "QUEUED").status()).isEqualTo("QUEUED");
        assertThat(SsmStatusMapping.map(cancelling, true, null).status()).isEqualTo("QUEUED");
        assertThat(SsmStatusMapping.map(cancelling, false, "IN_PROGRESS").status()).isEqualTo("IN_PROGRESS");
        assertThat(SsmStatusMapping.map(cancelling, false, "IN_PROGRESS").finished()).isFalse();
    }

    @Test
    void aFinishedScriptWithTheAgentsResultBlockTakesItsStatusStepAndExitCode() {
        String stdout = """
                --- distributor-agent result ---
                COMMAND_ID=6f1c9e1e-0000-4000-8000-000000000002
                STATUS=FAILED
                EXIT_CODE=7
                STEP=install
                REBOOT_REQUIRED=false
                --- output ---
                cannot install
                """;

        MappedStatus mapped = SsmStatusMapping.map(new SsmInvocation(ID, "Failed", "Failed", 1, stdout, ""), false);

        assertThat(mapped.status()).isEqualTo("FAILED");
        assertThat(mapped.exitCode()).as("the script's, not the agent's exit 1").isEqualTo(7);
        assertThat(mapped.step()).isEqualTo("install");
        assertThat(mapped.output()).startsWith("[ssm] " + ID + " Failed (Failed), response code 1\n")
                .contains("cannot install");
    }

    @Test
    void aSuccessAfterSsmsRebootKeepsTheRebootTheAgentRecorded() {
        String stdout = """
                --- distributor-agent result ---
                STATUS=SUCCESS
                EXIT_CODE=0
                STEP=install
                REBOOT_REQUIRED=true
                --- output ---
                """;

        MappedStatus mapped = SsmStatusMapping.map(new SsmInvocation(ID, "Success", "Success", 0, stdout, ""), false);

        assertThat(mapped.status()).isEqualTo("SUCCESS");
        assertThat(mapped.rebootRequired()).isTrue();
        assertThat(mapped.step()).isEqualTo("install");
    }

    @Test
    void aFailureWithoutAResultBlockFailsWithSsmsDetailsAsTheStep() {
        MappedStatus mapped = SsmStatusMapping.map(
                new SsmInvocation(ID, "Failed", "Failed", 3, "downloading\n", "curl: (6) no host\n"), false);

        assertThat(mapped.status()).isEqualTo("FAILED");
        assertThat(mapped.exitCode()).isEqualTo(3);
        assertThat(mapped.step()).isEqualTo("ssm:Failed");
        assertThat(mapped.output()).startsWith("[ssm] " + ID + " Failed (Failed), response code 3\n")
                .contains("downloading\n")
                .endsWith("[stderr]\ncurl: (6) no host\n");
    }

    @Test
    void aSuccessWithoutAResultBlockSucceedsWithItsExitCode() {
        MappedStatus mapped = SsmStatusMapping.map(new SsmInvocation(ID, "Success", "Success", 0, "hi\n", ""), false);

        assertThat(mapped.status()).isEqualTo("SUCCESS");
        assertThat(mapped.exitCode()).isZero();
        assertThat(mapped.step()).isNull();
        assertThat(mapped.output()).isEqualTo("[ssm] " + ID + " Success (Success), response code 0\nhi\n");
    }

    @Test
    void timeoutsTellWhetherDeliveryOrExecutionTimedOut() {
        assertThat(SsmStatusMapping.map(new SsmInvocation(ID, "TimedOut", "DeliveryTimedOut", -1, "", ""), false)
                .step()).isEqualTo("ssm:DeliveryTimedOut");
        MappedStatus execution = SsmStatusMapping.map(
                new SsmInvocation(ID, "TimedOut", "ExecutionTimedOut", -1, "", ""), false);
        assertThat(execution.status()).isEqualTo("TIMED_OUT");
        assertThat(execution.step()).isEqualTo("ssm:ExecutionTimedOut");
    }

    @Test
    void aCancelReadsAsAWithdrawalOnlyWhenWeAskedForIt() {
        SsmInvocation cancelled = new SsmInvocation(ID, "Cancelled", "Cancelled", -1, "", "");

        assertThat(SsmStatusMapping.map(cancelled, true).status()).isEqualTo("CANCELLED");
        assertThat(SsmStatusMapping.map(cancelled, true).step()).isNull();
        assertThat(SsmStatusMapping.map(cancelled, false).step()).isEqualTo("ssm:Cancelled");
    }

    @Test
    void aFinalStatusNotKnownIsAFailure() {
        MappedStatus mapped = SsmStatusMapping.map(new SsmInvocation(ID, "Undeliverable", null, null, null, null),
                false);

        assertThat(mapped.status()).isEqualTo("FAILED");
        assertThat(mapped.step()).isEqualTo("ssm:Undeliverable");
    }

    @Test
    void outputKeepsTheStatusLineAndTheTailsWithin24000Characters() {
        String stdout = "early-stdout " + "o".repeat(30_000) + " late-stdout";
        String stderr = "early-stderr " + "e".repeat(10_000) + " late-stderr";

        String output = SsmStatusMapping.output(new SsmInvocation(ID, "Failed", "Failed", 1, stdout, stderr));

        assertThat(output).hasSizeLessThanOrEqualTo(SsmStatusMapping.OUTPUT_LIMIT)
                .startsWith("[ssm] " + ID + " Failed (Failed), response code 1\n")
                .contains(" late-stdout\n")
                .endsWith(" late-stderr")
                .doesNotContain("early-stdout")
                .doesNotContain("early-stderr");
    }
}
