package dev.distributor.ssm.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.fleet.Arguments;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.IssuedCommand;

/**
 * Renders an issued command as the {@code commands} of SSM's {@code AWS-RunShellScript}: plain POSIX sh lines that
 * download the shell agent by a presigned URL, refuse it unless its sha256 is the one this service sent, write the
 * command as the {@code KEY=value} lines a poll answer carries (docs/AGENT-PROTOCOL.md) and run
 * {@code distributor-agent.sh --run-command} on them, in a temporary folder removed on exit. The agent prints the
 * result block {@link OneShotResult} reads and exits 0, 194 (SSM reboots the host and runs the lines again) or 1.
 *
 * <p>
 * Every value is single-quoted or sits in a quoted here-document, so nothing in it (the {@code &} and {@code %} of
 * presigned URLs, say) is ever expanded; values never contain a newline (one is replaced by a space, as in poll
 * answers).
 */
@ApplicationScoped
public class SsmCommandScripts {

    /** The SSM document every command runs. */
    public static final String DOCUMENT = "AWS-RunShellScript";

    /**
     * Seconds set aside for getting the agent script: curl gives up on one try after 60 s and retries (up to 3 times)
     * only within 180 s, so 240 s at most, plus a margin for the rest of the lines.
     */
    static final int AGENT_DOWNLOAD_SECONDS = 300;

    /** AWS-RunShellScript's {@code executionTimeout} accepts 1 to 172800 seconds (its document's allowedPattern). */
    static final int MIN_EXECUTION_TIMEOUT_SECONDS = 1;

    /** The largest {@code executionTimeout} AWS-RunShellScript accepts, 48 hours. */
    static final int MAX_EXECUTION_TIMEOUT_SECONDS = 172_800;

    /** SigV4 presigned URLs are valid for 7 days at most. */
    static final Duration MAX_PRESIGN = Duration.ofDays(7);

    /** The here-document's delimiter; never a line of the command file, whose lines all start with KEY=. */
    static final String END_OF_COMMAND_FILE = "DISTRIBUTOR_COMMAND_FILE";

    private final AgentScriptObject agentScript;
    private final ArtifactStore artifacts;

    public SsmCommandScripts(AgentScriptObject agentScript, ArtifactStore artifacts) {
        this.agentScript = agentScript;
        this.artifacts = artifacts;
    }

    /**
     * The AWS-RunShellScript commands for one issued command on a target of this platform: fetches the agent script
     * (uploaded once to S3 under a content-addressed key, presigned) and the files by presigned URLs valid for
     * {@code validFor} (the longest the command may wait to start) plus the execution timeout
     * ({@link #executionTimeoutSeconds}, within the engine's report limit), at most 7 days (SigV4's limit), checks
     * the agent script's sha256, writes the command file and runs {@code --run-command}. Fails with
     * {@link UnsupportedSsmPlatform} for windows (no PowerShell agent yet); S3 failures while storing the agent script
     * pass through.
     */
    public Uni<SsmShellCommand> render(IssuedCommand command, String platform, Duration validFor) {
        if (platform != null && platform.toLowerCase(Locale.ROOT).startsWith("windows")) {
            return Uni.createFrom().failure(new UnsupportedSsmPlatform(platform));
        }
        int executionTimeout = executionTimeoutSeconds(command.spec());
        // The lines may start as late as validFor and still need the URLs while they run: the previous zip is fetched
        // after scripts ran, and after a reboot (exit 194) SSM runs the lines again, downloading the agent again.
        Duration wanted = validFor.plusSeconds(executionTimeout);
        Duration validity = wanted.compareTo(MAX_PRESIGN) > 0 ? MAX_PRESIGN : wanted;
        return agentScript.presignedUrl(validity)
                .map(agentUrl -> new SsmShellCommand(DOCUMENT,
                        lines(command.commandId(), command.spec(), agentUrl.toString(), agentScript.sha256(),
                                sha -> artifacts.presignDownload(sha, validity).url().toString()),
                        executionTimeout));
    }

    /**
     * The execution timeout: the engine's report limit ({@link CommandSpec#reportLimitSeconds}, the command timeout
     * times the steps of the action plus the report grace), so that SSM never runs a command on after the engine gave
     * it up (it would then cancel it mid-install), and never more than every script the command may run, each bounded
     * by its TIMEOUT_SECONDS (T), and every download, each bounded by T too, plus getting the agent. That longest path
     * is a reinstall whose install fails: the installed copy's validate.sh (same version), the old uninstall.sh,
     * install.sh, validate.sh, then the rollback's uninstall.sh and install.sh (6 T), the new and the previous zip
     * (2 T), and the wait for another command on the same host to finish (T): 9 T + {@value #AGENT_DOWNLOAD_SECONDS}
     * s. A report limit of 0 (not known) leaves that bound alone. Kept within the document's
     * {@value #MIN_EXECUTION_TIMEOUT_SECONDS}..{@value #MAX_EXECUTION_TIMEOUT_SECONDS} s.
     */
    static int executionTimeoutSeconds(CommandSpec spec) {
        long seconds = 9L * Math.max(1, spec.timeoutSeconds()) + AGENT_DOWNLOAD_SECONDS;
        if (spec.reportLimitSeconds() > 0) {
            seconds = Math.min(seconds, spec.reportLimitSeconds());
        }
        return (int) Math.max(MIN_EXECUTION_TIMEOUT_SECONDS, Math.min(seconds, MAX_EXECUTION_TIMEOUT_SECONDS));
    }

    static List<String> lines(UUID commandId, CommandSpec spec, String agentUrl, String agentSha256,
            Function<String, String> fileUrl) {
        List<String> lines = new ArrayList<>();
        lines.add("set -u");
        lines.add("umask 077");
        // A failure before the agent runs prints a result block of its own, so the driver shows the step.
        lines.add("distributor_fail() { printf '%s\\n' " + quote(OneShotResult.BEGIN) + " "
                + quote("COMMAND_ID=" + commandId) + " 'STATUS=FAILED' 'EXIT_CODE=-1' \"STEP=$1\" "
                + "'REBOOT_REQUIRED=false' " + quote(OneShotResult.OUTPUT) + " \"[ssm] $2\"; exit 1; }");
        lines.add("distributor_dir=$(mktemp -d \"${TMPDIR:-/tmp}/distributor-ssm.XXXXXXXX\") "
                + "|| distributor_fail agent-download 'cannot create a temporary folder'");
        lines.add("trap 'rm -rf \"$distributor_dir\"' EXIT");
        // A signal ends the lines through exit, so the EXIT trap still removes the folder.
        lines.add("trap 'exit 129' HUP");
        lines.add("trap 'exit 130' INT");
        lines.add("trap 'exit 143' TERM");
        lines.add("curl -fsS --connect-timeout 20 --max-time 60 --retry 3 --retry-delay 2 --retry-max-time 180 "
                + "-o \"$distributor_dir/distributor-agent.sh\" " + quote(agentUrl)
                + " || distributor_fail agent-download 'could not download the agent script'");
        lines.add("[ \"$(sha256sum \"$distributor_dir/distributor-agent.sh\" | cut -d ' ' -f 1)\" = "
                + quote(agentSha256) + " ] || distributor_fail agent-verify "
                + quote("the downloaded agent script does not have the sha256 " + agentSha256 + "; not running it"));
        lines.add("cat >\"$distributor_dir/command\" <<'" + END_OF_COMMAND_FILE + "'");
        commandFile(commandId, spec, fileUrl).forEach((key, value) -> lines.add(key + "=" + value));
        lines.add(END_OF_COMMAND_FILE);
        lines.add("sh \"$distributor_dir/distributor-agent.sh\" --run-command \"$distributor_dir/command\"");
        return lines;
    }

    /** The command's KEY=value lines, the values a poll answer carries (agent/rest/CommandAnswers). */
    static Map<String, String> commandFile(UUID commandId, CommandSpec spec, Function<String, String> fileUrl) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("COMMAND_ID", commandId.toString());
        values.put("ACTION", spec.action());
        values.put("INSTALL_TYPE", spec.installType());
        values.put("PACKAGE", spec.packageName());
        values.put("VERSION", spec.version());
        values.put("FILE_URL", spec.fileSha256() == null ? null : fileUrl.apply(spec.fileSha256()));
        values.put("FILE_SHA256", spec.fileSha256());
        values.put("FILE_SIZE", spec.fileSize() == null ? null : spec.fileSize().toString());
        values.put("PREVIOUS_VERSION", spec.previousVersion());
        values.put("PREVIOUS_FILE_URL",
                spec.previousFileSha256() == null ? null : fileUrl.apply(spec.previousFileSha256()));
        values.put("PREVIOUS_FILE_SHA256", spec.previousFileSha256());
        values.put("TIMEOUT_SECONDS", Integer.toString(spec.timeoutSeconds()));
        values.put("ARGUMENTS", Arguments.encode(spec.arguments()));
        values.put("REBOOT_ALLOWED", Boolean.toString(spec.rebootAllowed()));
        values.replaceAll((key, value) -> value == null ? "" : value.replace('\r', ' ').replace('\n', ' '));
        return values;
    }

    /** A POSIX sh single-quoted word: nothing inside is expanded; a quote is closed, escaped and reopened. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
