package dev.distributor.ssm.driver;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.fleet.service.CommandOutcomes;
import dev.distributor.ssm.SsmConfig;
import dev.distributor.ssm.client.SsmCalls;

/**
 * Reads the state of the commands sent to SSM, every {@code distributor.ssm.poll-interval}; off unless
 * {@code distributor.ssm.enabled}.
 *
 * <p>
 * One pass lists every invocation requested since the oldest outstanding command was sent (ListCommandInvocations,
 * Filters InvokedAfter minus {@link #CLOCK_MARGIN}, all pages, no Details: one call per 50 invocations, whatever the
 * number of commands), maps each status with {@link SsmStatusMapping} and records what moved; a finished invocation
 * gets one GetCommandInvocation for its exit code and output (Details on the list would only give 2,500 characters
 * per plugin). Every change NOTIFYs the rollout engines. Repeating a pass is harmless: updates apply only to SENT
 * rows, so two replicas polling at once record the same result.
 */
@ApplicationScoped
public class SsmPoller {

    /** How far before the oldest send the list starts: SSM's clock against the one that recorded sent_at. */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);
    /** Outstanding commands one pass looks at, oldest first. */
    static final int PASS_LIMIT = 2_000;
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

    public SsmPoller(SsmConfig config, SsmCommandRepository commands, SsmAsyncClient ssm, SsmCalls calls,
            Vertx vertx, UnitOfWork unitOfWork, CommandOutcomes outcomes) {
        this.unitOfWork = unitOfWork;
        this.outcomes = outcomes;
        this.config = config;
        this.commands = commands;
        this.ssm = ssm;
        this.calls = calls;
        this.job = new PeriodicJob(vertx, "SSM poller", config.pollInterval(), this::poll);
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            job.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        job.stop();
    }

    /** One pass; returns how many outstanding commands it looked at. */
    Uni<Integer> poll() {
        if (!config.enabled()) {
            return Uni.createFrom().item(0);
        }
        return commands.outstanding(PASS_LIMIT).chain(outstanding -> {
            if (outstanding.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            OffsetDateTime oldest = outstanding.stream().map(OutstandingCommand::sentAt)
                    .min(Comparator.naturalOrder()).orElseThrow();
            String after = oldest.toInstant().minus(CLOCK_MARGIN).toString();
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
        return Multi.createFrom().iterable(outstanding)
                .onItem().transformToUni(command -> {
                    CommandInvocation invocation = byKey.get(key(command.ssmCommandId(), command.instanceId()));
                    // Not listed yet: SSM lists an invocation shortly after accepting the command.
                    return invocation == null ? Uni.createFrom().voidItem() : record(command, invocation);
                })
                .merge(FETCH_CONCURRENCY)
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> record(OutstandingCommand command, CommandInvocation invocation) {
        SsmInvocation seen = SsmInvocation.listed(invocation.commandId(), invocation.statusAsString(),
                invocation.statusDetails());
        MappedStatus mapped = SsmStatusMapping.map(seen, command.withdrawn());
        if (!mapped.finished()) {
            return seen.status().equals(command.ssmStatus())
                    && Objects.equals(seen.statusDetails(), command.ssmStatusDetails())
                            ? Uni.createFrom().voidItem()
                            : commands.progress(command.id(), seen, mapped);
        }
        return calls.idempotent("GetCommandInvocation", () -> ssm.getCommandInvocation(b -> b
                .commandId(command.ssmCommandId())
                .instanceId(command.instanceId())))
                .chain(result -> {
                    SsmInvocation full = full(result);
                    MappedStatus status = SsmStatusMapping.map(full, command.withdrawn());
                    // The host's installed state first, then the row: a crash between the two records the (idempotent)
                    // outcome again at the next poll, never a finished command whose outcome was lost.
                    return recordOutcome(command, status)
                            .chain(() -> commands.finish(command.id(), full, status,
                                    time(result.executionStartDateTime()), time(result.executionEndDateTime())));
                })
                .onFailure().invoke(e -> LOG.warnf("Could not read the result of SSM command %s: %s",
                        command.ssmCommandId(), e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
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
