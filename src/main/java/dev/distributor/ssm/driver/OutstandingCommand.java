package dev.distributor.ssm.driver;

import java.time.OffsetDateTime;
import java.util.UUID;

import dev.distributor.fleet.CommandSpec;

/**
 * A command sent to SSM and not finished: what the poller needs to find its invocation and map it.
 *
 * @param ssmStatus SSM's status as last read; null until the poller read one
 * @param status our status as last recorded (QUEUED or IN_PROGRESS)
 * @param unlistedPasses poller passes in a row whose listing did not contain it
 */
record OutstandingCommand(UUID id, String instanceId, String ssmCommandId, String ssmStatus,
        String ssmStatusDetails, String status, OffsetDateTime sentAt, boolean withdrawn, int unlistedPasses,
        CommandSpec spec) {
}
