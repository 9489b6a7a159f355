package dev.distributor.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import dev.distributor.agent.AgentCommandService;
import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.service.ActivationService;
import dev.distributor.fleet.service.ActivationService.CreatedActivation;
import dev.distributor.fleet.service.ActivationService.NewActivation;

/** The service side the simulator tests drive directly: activations to register with, commands to queue. */
public final class AgentService {

    /** A file hash for commands; the poll answer signs a URL for it, nothing downloads it. */
    static final String FILE_SHA256 = "ab".repeat(32);

    private final ActivationService activations;
    private final AgentCommandService commands;

    AgentService(ActivationService activations, AgentCommandService commands) {
        this.activations = activations;
        this.commands = commands;
    }

    public CreatedActivation activation(int registrationLimit) {
        return activation(registrationLimit, Map.of("env", "sim"));
    }

    /** An activation whose hosts carry these tags (a unique tag lets a test select exactly its own fleet). */
    public CreatedActivation activation(int registrationLimit, Map<String, String> tags) {
        return call(() -> activations.create(new NewActivation("fleet simulator", "123456789012", "eu-west-1",
                tags, registrationLimit, Duration.ofHours(1))));
    }

    public UUID queueInstall(String instanceId, String packageName, String version) {
        return call(() -> commands.queue(new CommandSpec(instanceId, "INSTALL", "REINSTALL", packageName, version,
                FILE_SHA256, 1024L, null, null, Map.of(), 600, false, 3600, 4860)));
    }

    public AgentCommand command(UUID id) {
        return call(() -> commands.find(id)).orElseThrow(() -> new AssertionError("no command " + id));
    }

    /** Runs the reactive call on a Vert.x context (Hibernate Reactive needs one) and waits for it. */
    private static <T> T call(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
