package dev.distributor.ssm.command;

import java.util.List;

/**
 * What SendCommand sends for one command: the document ({@code AWS-RunShellScript}), its {@code commands} parameter
 * (shell lines SSM joins with newlines into one script run by {@code sh}) and its {@code executionTimeout} in seconds.
 */
public record SsmShellCommand(String documentName, List<String> commands, int executionTimeoutSeconds) {

    public SsmShellCommand {
        commands = List.copyOf(commands);
    }
}
