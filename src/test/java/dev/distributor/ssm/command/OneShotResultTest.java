package dev.distributor.ssm.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the block the one-shot agent prints first on stdout (docs/AGENT-PROTOCOL.md, "One-shot mode"). */
class OneShotResultTest {

    private static final String SUCCESS = """
            --- distributor-agent result ---
            COMMAND_ID=6f1c9e1e-4b7a-4c56-9d0e-0c2a7b1f9a10
            STATUS=SUCCESS
            EXIT_CODE=0
            STEP=install
            REBOOT_REQUIRED=false
            AGENT_VERSION=sh-0.1.0
            --- output ---
            === install.sh (install) ===
            installing
            STATUS=FAILED
            """;

    @Test
    void aSuccessBlockGivesItsFieldsAndTheOutputAfterIt() {
        var result = OneShotResult.parse(SUCCESS).orElseThrow();

        assertThat(result).isEqualTo(new OneShotResult("SUCCESS", 0, "install", false,
                "=== install.sh (install) ===\ninstalling\nSTATUS=FAILED\n"));
    }

    @Test
    void textBeforeTheBlockAndWindowsLineEndingsAreIgnored() {
        String stdout = "some noise\r\n" + SUCCESS.replace("\n", "\r\n");

        assertThat(OneShotResult.parse(stdout)).get().extracting(OneShotResult::status, OneShotResult::step)
                .containsExactly("SUCCESS", "install");
    }

    @Test
    void aFailureKeepsItsExitCodeStepAndRebootFlag() {
        String stdout = """
                --- distributor-agent result ---
                STATUS=FAILED
                EXIT_CODE=-1
                STEP=agent-verify
                REBOOT_REQUIRED=true
                --- output ---
                [ssm] the downloaded agent script does not have the sha256 ab12
                """;

        assertThat(OneShotResult.parse(stdout)).contains(new OneShotResult("FAILED", -1, "agent-verify", true,
                "[ssm] the downloaded agent script does not have the sha256 ab12\n"));
    }

    @Test
    void missingOrMalformedFieldsBecomeNullAndABlockWithoutOutputHasNone() {
        String stdout = "--- distributor-agent result ---\nSTATUS=TIMED_OUT\nEXIT_CODE=x\nSTEP=\n";

        assertThat(OneShotResult.parse(stdout)).contains(new OneShotResult("TIMED_OUT", null, null, false, ""));
    }

    private static final String REBOOTING = """
            --- distributor-agent result ---
            COMMAND_ID=6f1c9e1e-4b7a-4c56-9d0e-0c2a7b1f9a10
            STATUS=REBOOTING
            EXIT_CODE=194
            STEP=install
            REBOOT_REQUIRED=true
            AGENT_VERSION=sh-0.1.0
            --- output ---
            === install.sh (install) ===
            [agent] a script asked for a reboot and the command allows it; exiting 194: SSM reboots the host
            """;

    @Test
    void theRunAfterTheRebootDecides_whenSsmKeptTheStdoutOfTheRunBeforeIt() {
        var result = OneShotResult.parse(REBOOTING + SUCCESS).orElseThrow();

        assertThat(result).isEqualTo(new OneShotResult("SUCCESS", 0, "install", false,
                "=== install.sh (install) ===\ninstalling\nSTATUS=FAILED\n"));
    }

    @Test
    void aRebootingBlockLastGivesNoResultYet_evenAfterAFinalOne() {
        // Only the stdout of the run before the reboot, or the rerun's block lost to SSM's cut: not final.
        assertThat(OneShotResult.parse(REBOOTING)).isEmpty();
        assertThat(OneShotResult.parse(SUCCESS + REBOOTING)).isEmpty();
        assertThat(OneShotResult.parse(REBOOTING + "--- distributor-agent result ---\nCOMMAND_ID=6f1c")).isEmpty();
    }

    @Test
    void noBlockANonFinalStatusOrNothingAtAllGiveNoResult() {
        assertThat(OneShotResult.parse(null)).isEmpty();
        assertThat(OneShotResult.parse("")).isEmpty();
        assertThat(OneShotResult.parse("curl: (6) Could not resolve host\n")).isEmpty();
        assertThat(OneShotResult.parse(SUCCESS.replace("STATUS=SUCCESS", "STATUS=REBOOTING"))).isEmpty();
        assertThat(OneShotResult.parse("x--- distributor-agent result ---\nSTATUS=SUCCESS\n")).isEmpty();
    }
}
