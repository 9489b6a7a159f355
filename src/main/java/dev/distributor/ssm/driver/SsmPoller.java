package dev.distributor.ssm.driver;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;

import dev.distributor.common.work.PeriodicJob;
import dev.distributor.common.work.StartupGate;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.service.CommandOutcomes;
import dev.distributor.ssm.SsmConfig;
import dev.distributor.ssm.client.SsmCalls;
import dev.distributor.ssm.client.SsmFailure;

/**
 * Reads the state of the commands sent to SSM, every {@code distributor.ssm.poll-interval}; off unless
 * {@code distributor.ssm.enabled}.
 *
 * <p>
 * One pass lists every invocation requested since the oldest outstanding command was sent (ListCommandInvocations,
 * Filters InvokedAfter minus {@link #CLOCK_MARGIN}, all pages, no Details: one call per 50 invocations, whatever the
 * number of commands), maps each status with {@link SsmStatusMapping} and records what moved; a finished invocation
 * gets one GetCommandInvocation for its exit code and output (Details on the list would only give 2,500 characters
 * per plugin); a final listed status the invocation itself does not confirm yet (still Cancelling) is recorded as
 * progress and read again. A command {@value #MAX_UNLISTED_PASSES} passes in a row without a listing is asked for by
 * GetCommandInvocation; SSM not knowing it ends it FAILED, step {@code ssm:InvocationDoesNotExist}. Each pass first
 * cancels in SSM the commands of targets deregistered since ({@link SsmDeregistrations}). Every change NOTIFYs the
 * rollout engines. Repeating a pass is harmless: updates apply only to SENT
 * rows, so two replicas polling at once record the same result.
 */
@ApplicationScoped
public class SsmPoller {

    /** How far before the oldest send the list starts: SSM's clock against the one that recorded sent_at. */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);
    /** Outstanding commands one pass looks at, oldest first. */
    static final int PASS_LIMIT = 2_000;
    /** Passes in a row without a listing after which a sent command is asked for by GetCommandInvocation. */
    static final int MAX_UNLISTED_PASSES = 10;
    /** GetCommandInvocation's error for a command and instance SSM does not know (AWS API reference). */
    static final String INVOCATION_GONE = "InvocationDoesNotExist";
    /** GetCommandInvocation calls at once. */
    static final int FETCH_CONCURRENCY = 4;

    private static final Logger LOG = Logger.getLogger(SsmPoller.class);

    private final SsmConfig config;
    private final SsmCommandRepository commands;
    private final SsmAsyncClient ssm;
    private final SsmCalls calls;
    private final PeriodicJob job;
    private final UnitOfWork unitOfWork;
    private final CommandOutcomes outcomes;
    private final SsmDeregistrations deregistrations;

    public SsmPoller(SsmConfig config, SsmCommandRepository commands, SsmAsyncClient ssm, SsmCalls calls,
            Vertx vertx, UnitOfWork unitOfWork, CommandOutcomes outcomes, SsmDeregistrations deregistrations) {
        this.deregistrations = deregistrations;
        this.unitOfWork = unitOfWork;
        this.outcomes = outcomes;
        this.config = config;
        this.commands = commands;
        this.ssm = ssm;
        this.calls = calls;
        this.job = new PeriodicJob(vertx, "SSM poller", config.pollInterval(), Duration.ofMillis(1), this::poll);
    }

    void start(@Observes StartupEvent event, StartupGate gate) {
        if (config.enabled()) {
            gate.whenOpen(job::start);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        job.stop();
    }

    /**
     * One pass: first the CancelCommands of deregistered targets' commands (their deregistration committed), then the
     * outstanding commands; returns how many outstanding commands it looked at.
     */
    Uni<Integer> poll() {
        if (!config.enabled()) {
            return Uni.createFrom().item(0);
        }
        return deregistrations.cancelRequested()
                .onFailure().invoke(e -> LOG.warnf("Could not read the SSM commands to cancel: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .chain(this::pollOutstanding);
    }

    private Uni<Integer> pollOutstanding() {
        return commands.outstanding(PASS_LIMIT).chain(outstanding -> {
            if (outstanding.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            OffsetDateTime oldest = outstanding.stream().map(OutstandingCommand::sentAt)
                    .min(Comparator.naturalOrder()).orElseThrow();
            String after = SsmSender.invokedAfter(oldest.toInstant().minus(CLOCK_MARGIN));
            return calls.allPages("ListCommandInvocations",
                    token -> ssm.listCommandInvocations(b -> b
                            .filters(f -> f.key(CommandFilterKey.INVOKED_AFTER).value(after))
                            .maxResults(50)
                            .nextToken(token)),
                    ListCommandInvocationsResponse::commandInvocations, ListCommandInvocationsResponse::nextToken)
                    .chain(listed -> record(outstanding, listed))
                    .replaceWith(outstanding.size());
        });
    }

    private Uni<Void> record(List<OutstandingCommand> outstanding, List<CommandInvocation> listed) {
        Map<String, CommandInvocation> byKey = new HashMap<>();
        listed.forEach(invocation -> byKey.put(key(invocation.commandId(), invocation.instanceId()), invocation));
        List<UUID> unlisted = new ArrayList<>();
        List<UUID> seen = new ArrayList<>();
        for (OutstandingCommand command : outstanding) {
            (byKey.containsKey(key(command.ssmCommandId(), command.instanceId())) ? seen : unlisted).add(command.id());
        }
        return commands.countListing(unlisted, seen)
                .chain(() -> Multi.createFrom().iterable(outstanding)
                        .onItem().transformToUni(command -> {
                            CommandInvocation invocation = byKey.get(key(command.ssmCommandId(),
                                    command.instanceId()));
                            if (invocation != null) {
                                return record(command, invocation);
                            }
                            // Not listed yet: SSM lists an invocation shortly after accepting the command. Never
                            // listed for long (history purged, a delivery timeout longer than the listing keeps it):
                            // asked for by id, so it cannot hold the InvokedAfter window open forever.
                            return command.unlistedPasses() + 1 >= MAX_UNLISTED_PASSES
                                    ? fetch(command)
                                    : Uni.createFrom().voidItem();
                        })
                        .merge(FETCH_CONCURRENCY)
                        .collect().last())
                .replaceWithVoid();
    }

    private Uni<Void> record(OutstandingCommand command, CommandInvocation invocation) {
        SsmInvocation seen = SsmInvocation.listed(invocation.commandId(), invocation.statusAsString(),
                invocation.statusDetails());
        MappedStatus mapped = SsmStatusMapping.map(seen, command.withdrawn(), command.status());
        if (!mapped.finished()) {
            return progress(command, seen, mapped);
        }
        return fetch(command);
    }

    /** Records SSM's status of a command still waiting or running, when it changed. */
    private Uni<Void> progress(OutstandingCommand command, SsmInvocation seen, MappedStatus mapped) {
        return Objects.equals(seen.status(), command.ssmStatus())
                && Objects.equals(seen.statusDetails(), command.ssmStatusDetails())
                        ? Uni.createFrom().voidItem()
                        : commands.progress(command.id(), seen, mapped);
    }

    /**
     * GetCommandInvocation for one command: its result when final, its progress when not (the list may be ahead of it,
     * e.g. Cancelled listed while the invocation still says Cancelling: the next pass reads it again), and FAILED step
     * {@code ssm:InvocationDoesNotExist} when SSM no longer knows it.
     */
    private Uni<Void> fetch(OutstandingCommand command) {
        return calls.idempotent("GetCommandInvocation", () -> ssm.getCommandInvocation(b -> b
                .commandId(command.ssmCommandId())
                .instanceId(command.instanceId())))
                .chain(result -> {
                    SsmInvocation full = full(result);
                    MappedStatus status = SsmStatusMapping.map(full, command.withdrawn(), command.status());
                    if (!status.finished()) {
                        return progress(command, full, status);
                    }
                    // The host's installed state first, then the row: a crash between the two records the (idempotent)
                    // outcome again at the next poll, never a finished command whose outcome was lost.
                    return recordOutcome(command, status)
                            .chain(() -> commands.finish(command.id(), full, status,
                                    time(result.executionStartDateTime()), time(result.executionEndDateTime())));
                })
                .onFailure(SsmPoller::invocationGone).recoverWithUni(e -> {
                    SsmInvocation gone = new SsmInvocation(command.ssmCommandId(), "Failed", INVOCATION_GONE, null,
                            null, e.getMessage());
                    return commands.finish(command.id(), gone, SsmStatusMapping.map(gone, command.withdrawn(),
                            command.status()), null, null);
                })
                .onFailure().invoke(e -> LOG.warnf("Could not read the result of SSM command %s: %s",
                        command.ssmCommandId(), e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private static boolean invocationGone(Throwable failure) {
        return failure instanceof SsmFailure ssmFailure && INVOCATION_GONE.equals(ssmFailure.errorCode());
    }

    /** What the finished command leaves on its host (CommandOutcomes), in its own transaction. */
    private Uni<Void> recordOutcome(OutstandingCommand command, MappedStatus status) {
        CommandSpec spec = command.spec();
        CommandOutcomes.Finished finished = new CommandOutcomes.Finished(spec.instanceId(), spec.packageName(),
                spec.version(), spec.action(), spec.arguments(), status.status().equals("SUCCESS"), status.step());
        return unitOfWork.background(session -> outcomes.record(session, finished));
    }

    private static SsmInvocation full(GetCommandInvocationResponse result) {
        return new SsmInvocation(result.commandId(), result.statusAsString(), result.statusDetails(),
                result.responseCode(), result.standardOutputContent(), result.standardErrorContent());
    }

    private static String key(String ssmCommandId, String instanceId) {
        return ssmCommandId + "/" + instanceId;
    }

    /** GetCommandInvocation's times are ISO-8601 strings, empty before the script ran. */
    static OffsetDateTime time(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
