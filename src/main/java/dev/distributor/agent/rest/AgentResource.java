package dev.distributor.agent.rest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import dev.distributor.agent.domain.AgentCommandState;
import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.agent.queue.AgentCommandQueue;
import dev.distributor.agent.queue.CommandWakeups;
import dev.distributor.catalog.artifact.ArtifactStore;
import dev.distributor.catalog.artifact.Hashing;
import dev.distributor.common.VertxContexts;
import dev.distributor.common.db.PoolPressure;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.fleet.AgentConfig;
import dev.distributor.fleet.service.InventoryService;
import dev.distributor.fleet.service.Liveness;
import dev.distributor.fleet.service.RegistrationService;

/** The agent API, exactly as docs/AGENT-PROTOCOL.md describes it: form fields in, {@code KEY=value} lines out. */
@Path("/agent/v1")
@Produces("text/plain; charset=utf-8")
public class AgentResource {

    private static final Logger LOG = Logger.getLogger(AgentResource.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,10}");

    private final RegistrationService registration;
    private final InventoryService inventory;
    private final AgentCommandQueue queue;
    private final CommandWakeups wakeups;
    private final ArtifactStore artifacts;
    private final Liveness liveness;
    private final AgentConfig config;
    private final PublicUrl publicUrl;

    private final PoolPressure pressure;

    public AgentResource(RegistrationService registration, InventoryService inventory, AgentCommandQueue queue,
            CommandWakeups wakeups, ArtifactStore artifacts, Liveness liveness, AgentConfig config,
            PublicUrl publicUrl, PoolPressure pressure) {
        this.pressure = pressure;
        this.registration = registration;
        this.inventory = inventory;
        this.queue = queue;
        this.wakeups = wakeups;
        this.artifacts = artifacts;
        this.liveness = liveness;
        this.config = config;
        this.publicUrl = publicUrl;
    }

    @POST
    @Path("register")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> register(@RestForm("ACTIVATION_ID") String activationId,
            @RestForm("ACTIVATION_CODE") String activationCode, @RestForm("HOSTNAME") String hostname,
            @RestForm("PLATFORM") String platform, @RestForm("PLATFORM_VERSION") String platformVersion,
            @RestForm("ARCH") String arch, @RestForm("AGENT_VERSION") String agentVersion,
            @RestForm("INSTALLED") List<String> installed) {
        return Uni.createFrom().deferred(() -> registration.register(new RegistrationService.Registration(
                activationId, activationCode, hostname, platform, platformVersion, arch, agentVersion, installed)))
                .invoke(registered -> liveness.seen(registered.instanceId()))
                .map(registered -> new KeyValues()
                        .put("INSTANCE_ID", registered.instanceId())
                        .put("TOKEN", registered.token())
                        .put("POLL_WAIT_SECONDS", config.maxWait().toSeconds())
                        .response(201));
    }

    @GET
    @Path("commands/next")
    public Uni<Response> next(@RestQuery("wait") String wait, RoutingContext rc) {
        String instanceId = rc.get(AgentAuthFilter.INSTANCE_ID);
        long nanos = waitFor(wait).toNanos();
        long deadline = System.nanoTime() + nanos;
        return nextOrWait(instanceId, deadline)
                .map(command -> command.map(c -> answer(c, rc).response(200))
                        .orElseGet(() -> Response.noContent()
                                .header("X-Next-Poll-Seconds", config.nextPollSeconds())
                                .build()))
                // Load shedding the agents already obey: no command now, come back after a longer pause (issue 21).
                .onFailure(PoolPressure::isExhaustion).recoverWithItem(failure -> {
                    pressure.busy(failure, "poll");
                    return Response.noContent()
                            .header("X-Next-Poll-Seconds", Math.max(config.nextPollSeconds(),
                                    config.busyNextPollSeconds()))
                            .build();
                });
    }

    /**
     * Registers for a wake-up before reading the queue, so a command queued in between still wakes this poll; re-reads
     * the queue on every wake-up and once more at the deadline, so a lost notification only delays.
     */
    private Uni<Optional<AgentCommand>> nextOrWait(String instanceId, long deadline) {
        CommandWakeups.Waiter waiter = wakeups.register(instanceId);
        return queue.next(instanceId)
                .onFailure().invoke(waiter::cancel)
                .chain(found -> {
                    long remaining = deadline - System.nanoTime();
                    if (found.isPresent() || remaining <= 0) {
                        waiter.cancel();
                        return Uni.createFrom().item(found);
                    }
                    return waiter.await(Duration.ofNanos(remaining))
                            .chain(woken -> woken ? nextOrWait(instanceId, deadline) : queue.next(instanceId));
                });
    }

    private Duration waitFor(String wait) {
        long max = config.maxWait().toSeconds();
        if (wait == null || !INTEGER.matcher(wait.trim()).matches()) {
            return config.maxWait();
        }
        return Duration.ofSeconds(Math.max(0, Math.min(max, Long.parseLong(wait.trim()))));
    }

    private KeyValues answer(AgentCommand command, RoutingContext rc) {
        Duration validFor = Duration.ofSeconds(command.timeoutSeconds()).plus(config.lease());
        return new KeyValues()
                .put("COMMAND_ID", command.id())
                .put("ACTION", command.action())
                .put("INSTALL_TYPE", command.installType())
                .put("PACKAGE", command.packageName())
                .put("VERSION", command.version())
                .put("FILE_URL", fileUrl(command.fileSha256(), validFor, rc))
                .put("FILE_SHA256", command.fileSha256())
                .put("FILE_SIZE", command.fileSize())
                .put("PREVIOUS_VERSION", command.previousVersion())
                .put("PREVIOUS_FILE_URL", fileUrl(command.previousFileSha256(), validFor, rc))
                .put("PREVIOUS_FILE_SHA256", command.previousFileSha256())
                .put("TIMEOUT_SECONDS", command.timeoutSeconds())
                .put("ARGUMENTS", AgentCommandQueue.encodeArguments(command.arguments()))
                .put("REBOOT_ALLOWED", command.rebootAllowed())
                .put("LEASE_SECONDS", config.lease().toSeconds())
                .put("NEXT_POLL_SECONDS", config.nextPollSeconds());
    }

    private String fileUrl(String sha256, Duration validFor, RoutingContext rc) {
        if (sha256 == null) {
            return null;
        }
        if (config.fileRelay()) {
            return publicUrl.forAnswer(rc) + "/agent/v1/files/" + sha256;
        }
        return artifacts.presignDownload(sha256, validFor).url().toString();
    }

    @POST
    @Path("commands/{id}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> status(@RestPath("id") String id, @RestForm("STATUS") String status,
            @RestForm("EXIT_CODE") String exitCode, @RestForm("REBOOT_REQUIRED") String rebootRequired,
            @RestForm("STEP") String step, @RestForm("OUTPUT") String output, RoutingContext rc) {
        String instanceId = rc.get(AgentAuthFilter.INSTANCE_ID);
        AgentCommandQueue.Report report = checkReport(status, exitCode, rebootRequired, step, output);
        UUID commandId = commandId(id);
        return queue.report(instanceId, commandId, report)
                .map(outcome -> {
                    KeyValues answer = new KeyValues().put("ACCEPTED", outcome.accepted());
                    if (outcome.reason() != null) {
                        answer.put("REASON", outcome.reason());
                    }
                    return answer.response(200);
                });
    }

    private static AgentCommandQueue.Report checkReport(String status, String exitCode, String rebootRequired,
            String step, String output) {
        AgentCommandState reported = AgentCommandState.reported(status)
                .orElseThrow(
                        () -> invalidStatus("STATUS", "STATUS must be IN_PROGRESS, SUCCESS, FAILED or TIMED_OUT."));
        boolean isFinal = reported.isFinal();
        Integer code = null;
        if (exitCode != null && !exitCode.isEmpty()) {
            if (!INTEGER.matcher(exitCode.trim()).matches()) {
                throw invalidStatus("EXIT_CODE", "EXIT_CODE must be an integer.");
            }
            code = (int) Long.parseLong(exitCode.trim());
        } else if (isFinal) {
            throw invalidStatus("EXIT_CODE", "EXIT_CODE is required with a final status.");
        }
        if (step != null && (step.length() > 64 || step.chars().anyMatch(Character::isISOControl))) {
            throw invalidStatus("STEP", "STEP must be at most 64 printable characters.");
        }
        return new AgentCommandQueue.Report(reported, isFinal ? code : null, "true".equalsIgnoreCase(rebootRequired),
                step == null || step.isEmpty() ? null : step, decodeOutput(output));
    }

    private static String decodeOutput(String output) {
        if (output == null || output.isEmpty()) {
            return null;
        }
        String text;
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(output);
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw invalidStatus("OUTPUT", "OUTPUT must be base64 (RFC 4648, standard alphabet).");
        }
        // Script output is diagnostics, kept as sent where it can be; PostgreSQL text cannot hold NUL at all.
        text = text.replace('\u0000', '\uFFFD');
        if (text.length() > AgentCommandQueue.MAX_OUTPUT_CHARS) {
            throw new DistributorException(ErrorCode.OUTPUT_TOO_LARGE, "OUTPUT holds " + text.length()
                    + " characters; send at most the last " + AgentCommandQueue.MAX_OUTPUT_CHARS + ".");
        }
        return text;
    }

    private static UUID commandId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new DistributorException(ErrorCode.COMMAND_NOT_FOUND, "No command has id " + id + ".");
        }
    }

    @POST
    @Path("inventory")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> inventory(@RestForm("INSTALLED") List<String> installed,
            @RestForm("PLATFORM_VERSION") String platformVersion, @RestForm("AGENT_VERSION") String agentVersion,
            @RestForm("HOSTNAME") String hostname, RoutingContext rc) {
        String instanceId = rc.get(AgentAuthFilter.INSTANCE_ID);
        return Uni.createFrom().deferred(() -> inventory.replace(instanceId,
                new InventoryService.Inventory(installed, platformVersion, agentVersion, hostname)))
                .map(done -> new KeyValues().put("ACCEPTED", true).response(200));
    }

    @GET
    @Path("files/{sha256}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, "text/plain; charset=utf-8"})
    public Uni<Response> file(@RestPath("sha256") String sha256, RoutingContext rc) {
        String instanceId = rc.get(AgentAuthFilter.INSTANCE_ID);
        if (!config.fileRelay()) {
            throw new DistributorException(ErrorCode.FILE_NOT_FOUND, "The file relay is off on this service.");
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw notYourFile();
        }
        return queue.currentCommandNames(instanceId, sha256)
                .chain(named -> named ? relay(sha256, rc) : Uni.createFrom().failure(notYourFile()));
    }

    /** Copies the object to a temporary file and sends that; the file is deleted when the response ends. */
    private Uni<Response> relay(String sha256, RoutingContext rc) {
        return VertxContexts.blocking(() -> Files.createTempDirectory("relay-"))
                .chain(dir -> artifacts.download(ArtifactStore.keyFor(sha256), dir.resolve(sha256))
                        .onTermination().invoke((path, failure, cancelled) -> {
                            if (failure != null || cancelled) {
                                deleteLater(dir);
                            }
                        })
                        .map(path -> {
                            rc.addEndHandler(ended -> deleteLater(dir));
                            return Response.ok(path.toFile(), MediaType.APPLICATION_OCTET_STREAM_TYPE).build();
                        }));
    }

    private static void deleteLater(java.nio.file.Path dir) {
        VertxContexts.blocking(() -> Hashing.deleteTree(dir)).subscribe().with(
                done -> {
                }, failure -> LOG.warnf(failure, "Could not delete relay folder %s", dir));
    }

    private static DistributorException notYourFile() {
        return new DistributorException(ErrorCode.FILE_NOT_FOUND,
                "No delivered or running command of this host names that file.");
    }

    private static DistributorException invalidStatus(String field, String message) {
        return new DistributorException(ErrorCode.INVALID_STATUS, message, Map.of("field", field));
    }

    /** Errors in the agent format; scoped to this class so the JSON mapper of /api stays untouched. */
    @ServerExceptionMapper
    public Response mapDistributorException(DistributorException e) {
        KeyValues body = new KeyValues().put("ERROR", e.code().name()).put("MESSAGE", e.getMessage());
        Object field = e.details().get("field");
        if (field != null) {
            body.put("FIELD", field);
        }
        return body.response(statusOf(e.code()));
    }

    static int statusOf(ErrorCode code) {
        return switch (code) {
            case INVALID_FACTS, INVALID_STATUS, INVALID_INPUT -> 400;
            case ACTIVATION_INVALID, UNAUTHORIZED -> 401;
            case COMMAND_NOT_YOURS -> 403;
            case COMMAND_NOT_FOUND, FILE_NOT_FOUND, TARGET_NOT_FOUND -> 404;
            case ACTIVATION_EXHAUSTED -> 409;
            case ACTIVATION_EXPIRED -> 410;
            case OUTPUT_TOO_LARGE -> 413;
            case STORAGE_UNAVAILABLE -> 503;
            default -> 500;
        };
    }
}
