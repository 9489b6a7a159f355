package dev.distributor.ssm.driver;

import java.time.OffsetDateTime;
import java.util.UUID;

import dev.distributor.fleet.CommandSpec;

/** A command sent to SSM and not finished: what the poller needs to find its invocation and map it. */
record OutstandingCommand(UUID id, String instanceId, String ssmCommandId, String ssmStatus,
        String ssmStatusDetails, OffsetDateTime sentAt, boolean withdrawn, CommandSpec spec) {
}
