package dev.distributor.ssm.driver;

import java.time.OffsetDateTime;

import dev.distributor.fleet.IssuedCommand;

/**
 * A command the sender claimed (SENDING, under its lease).
 *
 * @param platform the target's platform (null when no target row has this instance id)
 * @param sendAttempts claims so far, this one included: above 1, an earlier SendCommand may have gone through; also
 *        the claim's identity, which every statement on the claimed row checks (a later claim has a higher number)
 * @param createdAt when the row was inserted: no SendCommand of it can be older
 * @param targetDeregistered the target was deregistered (after the command was issued): it is never sent
 */
record ClaimedCommand(IssuedCommand command, String platform, int sendAttempts, OffsetDateTime createdAt,
        boolean targetDeregistered) {

    /** The SSM Comment that names the command: {@code distributor:<id>} (48 characters; SSM allows 100). */
    String comment() {
        return SsmDriver.comment(command.commandId());
    }
}
