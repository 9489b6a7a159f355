package dev.distributor.ssm.command;

import java.util.Optional;

/** Placeholder of helper B's type (SSM-DESIGN.md §B); dropped at merge. */
public record OneShotResult(String status, Integer exitCode, String step, boolean rebootRequired, String output) {

    public static Optional<OneShotResult> parse(String standardOutputContent) {
        return Optional.empty();
    }
}
