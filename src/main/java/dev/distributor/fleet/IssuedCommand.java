package dev.distributor.fleet;

import java.util.UUID;

/**
 * A command the caller has issued: the id it recorded (with its invocation, in its own transaction) and what the
 * command does. The id makes every driver call idempotent: sending the same command twice delivers it once.
 */
public record IssuedCommand(UUID commandId, CommandSpec spec) {
}
