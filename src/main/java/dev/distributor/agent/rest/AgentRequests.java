package dev.distributor.agent.rest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.distributor.agent.domain.AgentCommandState;
import dev.distributor.agent.queue.AgentCommandQueue;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;

/**
 * Reads what agents send (docs/AGENT-PROTOCOL.md): query parameters, form fields and the bearer header, checked into
 * typed values. A malformed value raises the protocol's error: {@code INVALID_STATUS} with the field, {@code
 * OUTPUT_TOO_LARGE}, {@code COMMAND_NOT_FOUND} or {@code FILE_NOT_FOUND}; nothing here touches the database.
 */
final class AgentRequests {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,10}");
    private static final int MAX_STEP_CHARS = 64;

    private AgentRequests() {
    }

    /** The bearer token of an {@code Authorization} header; empty when there is none or it is blank. */
    static Optional<String> bearerToken(String header) {
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : null;
        return token == null || token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** A poll's {@code wait}: 0 to {@code max} seconds; missing or not a number means {@code max}. */
    static Duration pollWait(String wait, Duration max) {
        if (wait == null || !INTEGER.matcher(wait.trim()).matches()) {
            return max;
        }
        return Duration.ofSeconds(Math.max(0, Math.min(max.toSeconds(), Long.parseLong(wait.trim()))));
    }

    /** The command id of a status URL; one that is not a UUID names no command. */
    static UUID commandId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new DistributorException(ErrorCode.COMMAND_NOT_FOUND, "No command has id " + id + ".");
        }
    }

    /** Whether a file relay path names a sha256 (64 lower-case hex digits). */
    static boolean isSha256(String sha256) {
        return sha256 != null && SHA256.matcher(sha256).matches();
    }

    /** A status report's fields, checked; the exit code is kept only with a final status or REBOOTING. */
    static AgentCommandQueue.Report report(String status, String exitCode, String rebootRequired, String step,
            String output) {
        AgentCommandState reported = AgentCommandState.reported(status)
                .orElseThrow(
                        () -> invalidStatus("STATUS",
                                "STATUS must be IN_PROGRESS, REBOOTING, SUCCESS, FAILED or TIMED_OUT."));
        Integer code = null;
        if (exitCode != null && !exitCode.isEmpty()) {
            if (!INTEGER.matcher(exitCode.trim()).matches()) {
                throw invalidStatus("EXIT_CODE", "EXIT_CODE must be an integer.");
            }
            code = (int) Long.parseLong(exitCode.trim());
        } else if (reported.isFinal()) {
            throw invalidStatus("EXIT_CODE", "EXIT_CODE is required with a final status.");
        }
        if (step != null && (step.length() > MAX_STEP_CHARS || step.chars().anyMatch(Character::isISOControl))) {
            throw invalidStatus("STEP", "STEP must be at most 64 printable characters.");
        }
        // REBOOTING keeps the exit code of the script that asked for the reboot (194), shown while the host reboots.
        boolean keepsExitCode = reported.isFinal() || reported == AgentCommandState.REBOOTING;
        return new AgentCommandQueue.Report(reported, keepsExitCode ? code : null,
                "true".equalsIgnoreCase(rebootRequired), step == null || step.isEmpty() ? null : step,
                output(output));
    }

    /** The base64 {@code OUTPUT} as text, at most {@link AgentCommandQueue#MAX_OUTPUT_CHARS} characters. */
    private static String output(String output) {
        if (output == null || output.isEmpty()) {
            return null;
        }
        String text;
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(output);
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw invalidStatus("OUTPUT", "OUTPUT must be base64 (RFC 4648, standard alphabet).");
        }
        // Script output is diagnostics, kept as sent where it can be; PostgreSQL text cannot hold NUL at all.
        text = text.replace('\u0000', '\uFFFD');
        if (text.length() > AgentCommandQueue.MAX_OUTPUT_CHARS) {
            throw new DistributorException(ErrorCode.OUTPUT_TOO_LARGE, "OUTPUT holds " + text.length()
                    + " characters; send at most the last " + AgentCommandQueue.MAX_OUTPUT_CHARS + ".");
        }
        return text;
    }

    private static DistributorException invalidStatus(String field, String message) {
        return new DistributorException(ErrorCode.INVALID_STATUS, message, Map.of("field", field));
    }
}
