package dev.distributor.ssm.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.distributor.fleet.Arguments;
import dev.distributor.fleet.CommandSpec;

/** The pure parts of the rendered commands: quoting, the command file and the execution timeout. */
class SsmCommandLinesTest {

    /** A reinstall whose report limit is the engine's for it: 8 steps of the timeout plus the default 60 s grace. */
    private static CommandSpec spec(int timeoutSeconds) {
        return spec(timeoutSeconds, 8L * timeoutSeconds + 60);
    }

    private static CommandSpec spec(int timeoutSeconds, long reportLimitSeconds) {
        return new CommandSpec("mi-0123456789abcdef0", "INSTALL", "REINSTALL", "hello", "1.1.0", "ab12", 10L,
                "1.0.0", null, Map.of("SSM_A", "x\ny"), timeoutSeconds, true, 600, reportLimitSeconds);
    }

    @Test
    void quotingKeepsEveryCharacterLiteral() {
        assertThat(SsmCommandScripts.quote("a'b")).isEqualTo("'a'\\''b'");
        assertThat(SsmCommandScripts.quote("https://s3/x?a=1&b=%2F$(id)")).isEqualTo("'https://s3/x?a=1&b=%2F$(id)'");
    }

    @Test
    void theCommandFileCarriesThePollAnswersKeysWithArgumentsInBase64() {
        UUID id = UUID.randomUUID();

        Map<String, String> file = SsmCommandScripts.commandFile(id, spec(60), sha -> "https://files/" + sha + "?a&b");

        assertThat(file).containsExactly(Map.entry("COMMAND_ID", id.toString()), Map.entry("ACTION", "INSTALL"),
                Map.entry("INSTALL_TYPE", "REINSTALL"), Map.entry("PACKAGE", "hello"), Map.entry("VERSION", "1.1.0"),
                Map.entry("FILE_URL", "https://files/ab12?a&b"), Map.entry("FILE_SHA256", "ab12"),
                Map.entry("FILE_SIZE", "10"), Map.entry("PREVIOUS_VERSION", "1.0.0"),
                Map.entry("PREVIOUS_FILE_URL", ""), Map.entry("PREVIOUS_FILE_SHA256", ""),
                Map.entry("TIMEOUT_SECONDS", "60"), Map.entry("ARGUMENTS", Arguments.encode(Map.of("SSM_A", "x\ny"))),
                Map.entry("REBOOT_ALLOWED", "true"));
    }

    @Test
    void theExecutionTimeoutIsTheEnginesReportLimit_soSsmNeverRunsOnAfterTheEngineGaveTheCommandUp() {
        // A reinstall (8 steps), an in-place update (3) and an uninstall (2), each with the 60 s grace.
        assertThat(SsmCommandScripts.executionTimeoutSeconds(spec(60))).isEqualTo(8 * 60 + 60);
        assertThat(SsmCommandScripts.executionTimeoutSeconds(spec(3600, 3 * 3600 + 60))).isEqualTo(3 * 3600 + 60);
        assertThat(SsmCommandScripts.executionTimeoutSeconds(spec(600, 2 * 600 + 60))).isEqualTo(2 * 600 + 60);
    }

    @Test
    void aLongerReportLimitIsCutToNineScriptTimeoutsAndTheAgentDownload() {
        assertThat(SsmCommandScripts.executionTimeoutSeconds(spec(60, 100_000))).isEqualTo(9 * 60 + 300);
    }

    @Test
    void anUnknownReportLimitLeavesNineScriptTimeoutsAndTheAgentDownload() {
        // A spec stored before the field existed reads 0.
        assertThat(SsmCommandScripts.executionTimeoutSeconds(spec(60, 0))).isEqualTo(9 * 60 + 300);
        assertThat(SsmCommandScripts.executionTimeoutSeconds(spec(3600, 0))).isEqualTo(9 * 3600 + 300);
    }

    @Test
    void theExecutionTimeoutStaysWithinTheDocumentsOneTo172800Seconds() {
        assertThat(SsmCommandScripts.executionTimeoutSeconds(spec(86_400))).isEqualTo(172_800);
        assertThat(SsmCommandScripts.executionTimeoutSeconds(spec(86_400, 0))).isEqualTo(172_800);
        assertThat(SsmCommandScripts.executionTimeoutSeconds(spec(1, 1))).isEqualTo(1);
    }

    @Test
    void theHereDocumentEndsOnlyAtItsDelimiter() {
        var lines = SsmCommandScripts.lines(UUID.randomUUID(), spec(60), "https://agent?x=1&y=2", "cd34",
                sha -> "https://files/" + sha);

        assertThat(lines).filteredOn(SsmCommandScripts.END_OF_COMMAND_FILE::equals).hasSize(1);
        assertThat(lines).noneMatch(line -> line.contains("\n"));
        assertThat(lines).anyMatch(line -> line.contains("'https://agent?x=1&y=2'"));
    }
}
