package dev.distributor.ssm.command;

import java.util.List;

/** Placeholder of helper B's type (signature from SSM-DESIGN.md §B); dropped at merge. */
public record SsmShellCommand(String documentName, List<String> commands, int executionTimeoutSeconds) {
}
