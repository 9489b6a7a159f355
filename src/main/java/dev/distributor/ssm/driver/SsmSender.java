package dev.distributor.ssm.driver;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.ListCommandsResponse;
import software.amazon.awssdk.services.ssm.model.SendCommandResponse;

import dev.distributor.common.work.PeriodicJob;
import dev.distributor.common.work.StartupGate;
import dev.distributor.fleet.IssuedCommand;
import dev.distributor.ssm.SsmConfig;
import dev.distributor.ssm.client.SsmCalls;
import dev.distributor.ssm.client.SsmFailure;
import dev.distributor.ssm.command.SsmCommandScripts;
import dev.distributor.ssm.command.SsmShellCommand;
import dev.distributor.ssm.command.UnsupportedSsmPlatform;

/**
 * Sends the outbox's commands to SSM: kicked by {@link SsmDriver#send}, and every {@code distributor.ssm.poll-interval}
 * for what a kick missed (another replica's send, a lease that ran out). Off unless {@code distributor.ssm.enabled}.
 *
 * <p>
 * A pass claims due rows in a statement that commits at once (UNSENT, or SENDING past {@code send-lease}), so no lock
 * is held during SSM calls, and sends up to {@code send-concurrency} at a time. SendCommand has no idempotency token:
 * a row claimed a second time may have been sent by a claimer that crashed or lost the answer, so it is first looked
 * up with ListCommands by its Comment ({@code distributor:<id>}) and adopted when found; only then is it sent. Each
 * command is its own SendCommand with one instance id (AWS allows 50; one per command keeps one invocation per row).
 *
 * <p>
 * Outcomes of a SendCommand: accepted → SENT with SSM's CommandId; refused for throttling after every retry → UNSENT
 * again; refused otherwise (SSM answered with a 4xx: InvalidInstanceId, AccessDeniedException, ValidationException...)
 * → FINISHED FAILED, step {@code ssm:<ErrorCode>}, SSM's message as output; no answer or a 5xx (it may have run) →
 * left SENDING, so the next claimer after the lease looks it up first. A look-up SSM refuses (4xx, not throttling)
 * sends the command back to UNSENT for the next pass to look up again, and fails it after
 * {@value #MAX_LOOKUP_REFUSALS} refusals (step {@code ssm:<ErrorCode>}).
 *
 * <p>
 * Every statement on a claimed row checks the claim's attempt number, so a claimer whose lease ran out changes
 * nothing the next claimer recorded; the lease itself outlasts any SendCommand with its throttling retries
 * ({@link SsmConfig#checkSendLease}). A command whose target was deregistered is never sent: it ends CANCELLED.
 */
@ApplicationScoped
public class SsmSender {

    /** SSM's bounds of SendCommand's TimeoutSeconds, the delivery timeout (AWS API reference, SendCommand). */
    static final int MIN_DELIVERY_TIMEOUT = 30;
    static final int MAX_DELIVERY_TIMEOUT = 2_592_000;
    /** SSM's limit of instance ids per SendCommand. */
    static final int MAX_INSTANCE_IDS = 50;
    /**
     * How far before a row's creation the ListCommands look-up starts: the look-up compares SSM's clock with the
     * database's.
     */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);
    /** ListCommands look-ups SSM refused (answered, not throttling) before a re-claimed command fails. */
    static final int MAX_LOOKUP_REFUSALS = 5;
    /** Rendering failures (e.g. the artifact store unreachable) tolerated before a command fails for good. */
    static final int MAX_RENDER_ATTEMPTS = 10;
    /**
     * The presigned URLs' validity beyond the delivery timeout: the script downloads when it starts, at most the
     * delivery timeout after the send; S3 caps SigV4 presigned URLs at 7 days.
     */
    static final Duration URL_MARGIN = Duration.ofHours(1);
    static final Duration MAX_URL_VALIDITY = Duration.ofDays(7);

    /** How the rendering step is called; a seam for tests that send plain shell commands. */
    interface ScriptRenderer {
        Uni<SsmShellCommand> render(IssuedCommand command, String platform, Duration validFor);
    }

    private static final Logger LOG = Logger.getLogger(SsmSender.class);

    private final SsmConfig config;
    private final SsmCommandRepository commands;
    private final SsmAsyncClient ssm;
    private final SsmCalls calls;
    private final PeriodicJob job;
    private final ScriptRenderer scripts;
    private volatile ScriptRenderer renderer;

    public SsmSender(SsmConfig config, SsmCommandRepository commands, SsmAsyncClient ssm, SsmCalls calls,
            SsmCommandScripts scripts, Vertx vertx) {
        this.config = config;
        this.commands = commands;
        this.ssm = ssm;
        this.calls = calls;
        this.scripts = scripts::render;
        this.renderer = this.scripts;
        this.job = new PeriodicJob(vertx, "SSM sender", config.pollInterval(), Duration.ofMillis(1), this::sendDue);
    }

    void start(@Observes StartupEvent event, StartupGate gate) {
        if (config.enabled()) {
            config.checkSendLease();
            gate.whenOpen(job::start);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        job.stop();
    }

    /** Asks for a pass now (after {@link SsmDriver#send} inserted commands); nothing when SSM is disabled. */
    public void kick() {
        job.kick();
    }

    /** For tests: render commands with {@code renderer} instead of {@link SsmCommandScripts}; null restores it. */
    void useRenderer(ScriptRenderer renderer) {
        this.renderer = renderer == null ? scripts : renderer;
    }

    /** Claims and sends due commands until none is left; returns how many were claimed. */
    Uni<Integer> sendDue() {
        if (!config.enabled()) {
            return Uni.createFrom().item(0);
        }
        int batch = Math.max(1, config.sendConcurrency()) * 4;
        return commands.claimDue(config.sendLease(), batch)
                .chain(claimed -> Multi.createFrom().iterable(claimed)
                        .onItem().transformToUni(this::sendOne).merge(Math.max(1, config.sendConcurrency()))
                        .collect().last()
                        .replaceWith(claimed.size()))
                .chain(count -> count == batch ? sendDue().map(more -> count + more) : Uni.createFrom().item(count));
    }

    private Uni<Void> sendOne(ClaimedCommand claimed) {
        IssuedCommand issued = claimed.command();
        if (claimed.platform() == null) {
            return commands.failUnsent(claimed, "unknown-target", "no target " + issued.spec().instanceId());
        }
        if (claimed.targetDeregistered()) {
            // Issued before the deregistration committed, inserted after it: the target's commands end CANCELLED.
            return commands.cancelUnsent(claimed);
        }
        if (claimed.platform().equalsIgnoreCase("windows")) {
            return unsupported(claimed);
        }
        Uni<Optional<Command>> earlier = claimed.sendAttempts() > 1
                ? findSent(claimed)
                : Uni.createFrom().item(Optional.empty());
        return earlier
                .chain(found -> found.isPresent() ? adopt(claimed, found.get()) : renderAndSend(claimed))
                .onFailure().recoverWithUni(failure -> failed(claimed, failure));
    }

    /** The SendCommand an earlier claimer made of this command, found by its Comment. */
    private Uni<Optional<Command>> findSent(ClaimedCommand claimed) {
        String after = invokedAfter(claimed.createdAt().toInstant().minus(CLOCK_MARGIN));
        return calls.allPages("ListCommands",
                token -> ssm.listCommands(b -> b.instanceId(claimed.command().spec().instanceId())
                        .filters(f -> f.key(CommandFilterKey.INVOKED_AFTER).value(after))
                        .maxResults(50)
                        .nextToken(token)),
                ListCommandsResponse::commands, ListCommandsResponse::nextToken)
                .map(found -> found.stream().filter(c -> claimed.comment().equals(c.comment())).findFirst());
    }

    private Uni<Void> adopt(ClaimedCommand claimed, Command command) {
        LOG.infof("Adopted SSM command %s as %s (sent before its claim ran out)", command.commandId(),
                claimed.command().commandId());
        return commands.markSent(claimed, command.commandId(), time(command.requestedDateTime()))
                .replaceWithVoid();
    }

    private Uni<Void> renderAndSend(ClaimedCommand claimed) {
        IssuedCommand issued = claimed.command();
        int deliveryTimeout = deliveryTimeout(issued.spec().deliveryTimeoutSeconds());
        Duration validFor = Duration.ofSeconds(deliveryTimeout).plus(URL_MARGIN);
        if (validFor.compareTo(MAX_URL_VALIDITY) > 0) {
            validFor = MAX_URL_VALIDITY;
        }
        // One instance per SendCommand (SSM takes up to MAX_INSTANCE_IDS): one invocation per row, and the Comment
        // names exactly one command.
        List<String> instanceIds = List.of(issued.spec().instanceId());
        return renderer.render(issued, claimed.platform(), validFor)
                .chain(shell -> calls.once("SendCommand", () -> ssm.sendCommand(b -> b
                        .instanceIds(instanceIds)
                        .documentName(shell.documentName())
                        .comment(claimed.comment())
                        .timeoutSeconds(deliveryTimeout)
                        .parameters(Map.of(
                                "commands", shell.commands(),
                                "executionTimeout", List.of(String.valueOf(shell.executionTimeoutSeconds()))))
                        // No idempotency token: the SDK must not repeat it after a lost answer (SsmCalls). Each
                        // attempt bounded, so a send ends within the lease (SsmConfig#checkSendLease).
                        .overrideConfiguration(o -> o.addPlugin(SsmCalls.NO_SDK_RETRIES)
                                .apiCallTimeout(config.sendCallTimeout())))))
                .map(SendCommandResponse::command)
                .chain(command -> commands.markSent(claimed, command.commandId(), time(command.requestedDateTime()))
                        .chain(recorded -> recorded ? Uni.createFrom().voidItem() : cancelOrphan(command)));
    }

    /**
     * The row was abandoned while its SendCommand was in flight: nobody waits for this SSM command any more, so SSM is
     * asked (best effort) not to run it.
     */
    private Uni<Void> cancelOrphan(Command command) {
        return calls.idempotent("CancelCommand", () -> ssm.cancelCommand(b -> b.commandId(command.commandId())))
                .onFailure().invoke(e -> LOG.infof("Could not cancel orphaned SSM command %s: %s",
                        command.commandId(), e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> failed(ClaimedCommand claimed, Throwable failure) {
        IssuedCommand issued = claimed.command();
        if (failure instanceof UnsupportedSsmPlatform) {
            return unsupported(claimed);
        }
        if (failure instanceof SsmFailure ssmFailure) {
            if (ssmFailure.throttled()) {
                LOG.warnf("SSM kept throttling %s for command %s; trying again later", ssmFailure.operation(),
                        issued.commandId());
                return commands.release(claimed);
            }
            boolean refused = ssmFailure.refused();
            if (ssmFailure.operation().equals("SendCommand") && refused) {
                return commands.failUnsent(claimed, "ssm:" + ssmFailure.errorCode(), ssmFailure.getMessage());
            }
            if (ssmFailure.operation().equals("ListCommands") && refused) {
                // AccessDenied, ValidationException...: the look-up will not answer by itself; after a few refusals
                // the command fails rather than hanging the rollout (nothing withdraws a SENDING command).
                LOG.warnf("SSM refused the look-up of command %s: %s", issued.commandId(), ssmFailure.getMessage());
                return commands.lookupRefused(claimed, MAX_LOOKUP_REFUSALS, "ssm:" + ssmFailure.errorCode(),
                        ssmFailure.getMessage());
            }
            // No answer, a 5xx, or the look-up failed: the command may be in SSM. Left SENDING; after the lease the
            // next claimer looks it up before sending.
            LOG.warnf("%s for command %s; looked up again after the send lease", ssmFailure.getMessage(),
                    issued.commandId());
            return Uni.createFrom().voidItem();
        }
        if (claimed.sendAttempts() >= MAX_RENDER_ATTEMPTS) {
            return commands.failUnsent(claimed, "render-failed", String.valueOf(failure.getMessage()));
        }
        LOG.warnf(failure, "Could not prepare command %s for SSM; trying again later", issued.commandId());
        return commands.release(claimed);
    }

    private Uni<Void> unsupported(ClaimedCommand claimed) {
        return commands.failUnsent(claimed, "unsupported-platform",
                "SSM commands for " + claimed.platform() + " targets are not supported (no PowerShell agent yet)");
    }

    /**
     * SSM's InvokedAfter filter value: whole seconds (ISO-8601 without fractions, as the AWS API reference's examples),
     * truncated, so never later than {@code instant}.
     */
    static String invokedAfter(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The delivery timeout clamped to what SendCommand accepts (30 s to 30 days). */
    static int deliveryTimeout(int seconds) {
        return Math.max(MIN_DELIVERY_TIMEOUT, Math.min(MAX_DELIVERY_TIMEOUT, seconds));
    }

    private static java.time.OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
