package dev.distributor.ssm.driver;

/**
 * What SSM tells of one command invocation (one command on one instance), in its own words (AWS API reference,
 * GetCommandInvocation / CommandInvocation).
 *
 * @param ssmCommandId SSM's CommandId
 * @param status Pending | InProgress | Delayed | Success | Cancelled | TimedOut | Failed | Cancelling
 * @param statusDetails e.g. DeliveryTimedOut, ExecutionTimedOut, Undeliverable, Terminated (may be null)
 * @param responseCode the script's exit code; -1 when SSM killed it or it never ran (null when not told)
 * @param standardOutput StandardOutputContent: SSM keeps the first 24,000 characters (null before the end)
 * @param standardError StandardErrorContent: SSM keeps the first 8,000 characters (null before the end)
 */
public record SsmInvocation(String ssmCommandId, String status, String statusDetails, Integer responseCode,
        String standardOutput, String standardError) {

    /** A status read from a list (no output, no exit code). */
    public static SsmInvocation listed(String ssmCommandId, String status, String statusDetails) {
        return new SsmInvocation(ssmCommandId, status, statusDetails, null, null, null);
    }
}
