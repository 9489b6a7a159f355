package dev.distributor.agent.rest;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.agent.queue.AgentCommandQueue;
import dev.distributor.agent.queue.CommandWakeups;
import dev.distributor.common.db.PoolPressure;
import dev.distributor.fleet.AgentConfig;

/**
 * The poll for a command: answers {@code 200} with a command as soon as one may go to the host, else {@code 204} when
 * the wait ends. A poll that finds no free database connection answers {@code 204} at once with a longer
 * {@code X-Next-Poll-Seconds} (load shedding agents already obey, issue 21), never an error.
 */
@ApplicationScoped
public class LongPoll {

    private final AgentCommandQueue queue;
    private final CommandWakeups wakeups;
    private final CommandAnswers answers;
    private final AgentConfig config;
    private final PoolPressure pressure;
    private final MeterRegistry registry;

    public LongPoll(AgentCommandQueue queue, CommandWakeups wakeups, CommandAnswers answers, AgentConfig config,
            PoolPressure pressure, MeterRegistry registry) {
        this.queue = queue;
        this.wakeups = wakeups;
        this.answers = answers;
        this.config = config;
        this.pressure = pressure;
        this.registry = registry;
    }

    /**
     * Waits up to {@code wait} for a command for the host; {@code rc} is the poll's request, for relay URLs and the
     * token the poll was authenticated with (a poll ends with 401 when a successor ends that token).
     */
    Uni<Response> answer(String instanceId, Duration wait, RoutingContext rc) {
        long deadline = System.nanoTime() + wait.toNanos();
        String tokenSha256 = AgentAuthFilter.tokenSha256(rc);
        return nextOrWait(instanceId, tokenSha256, deadline)
                .map(command -> command
                        .map(c -> counted("command", answers.of(c, rc).response(200)))
                        .orElseGet(() -> counted("empty", noCommand(config.nextPollSeconds()))))
                .onFailure(PoolPressure::isExhaustion).recoverWithItem(failure -> {
                    pressure.busy(failure, "poll");
                    return counted("busy",
                            noCommand(Math.max(config.nextPollSeconds(), config.busyNextPollSeconds())));
                });
    }

    /**
     * Registers for a wake-up before reading the queue, so a command queued in between still wakes this poll; re-reads
     * the queue on every wake-up and once more at the deadline, so a lost notification only delays.
     */
    private Uni<Optional<AgentCommand>> nextOrWait(String instanceId, String tokenSha256, long deadline) {
        CommandWakeups.Waiter waiter = wakeups.register(instanceId, tokenSha256);
        return queue.next(instanceId)
                .onFailure().invoke(waiter::cancel)
                // A poll whose client went away while the queue was read must not stay registered.
                .onCancellation().invoke(waiter::cancel)
                .chain(found -> {
                    long remaining = deadline - System.nanoTime();
                    if (found.isPresent() || remaining <= 0) {
                        waiter.cancel();
                        return Uni.createFrom().item(found);
                    }
                    return waiter.await(Duration.ofNanos(remaining))
                            .chain(woken -> woken
                                    ? nextOrWait(instanceId, tokenSha256, deadline)
                                    : queue.next(instanceId));
                });
    }

    /** distributor_agent_polls_total{outcome}: polls answered, by how; its rate is the fleet's polls per second. */
    private Response counted(String outcome, Response response) {
        Counter.builder("distributor.agent.polls")
                .description("Agent polls answered by this replica: with a command, empty, or shed (busy)")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        return response;
    }

    private static Response noCommand(long nextPollSeconds) {
        return Response.noContent()
                .header("X-Next-Poll-Seconds", nextPollSeconds)
                .build();
    }
}
