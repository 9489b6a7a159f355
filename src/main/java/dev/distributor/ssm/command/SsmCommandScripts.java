package dev.distributor.ssm.command;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.IssuedCommand;

/** Placeholder of helper B's bean (SSM-DESIGN.md §B); dropped at merge. */
@ApplicationScoped
public class SsmCommandScripts {

    public Uni<SsmShellCommand> render(IssuedCommand command, String platform, Duration validFor) {
        return Uni.createFrom().failure(new UnsupportedOperationException("placeholder"));
    }
}
