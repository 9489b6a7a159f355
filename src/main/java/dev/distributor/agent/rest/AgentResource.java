package dev.distributor.agent.rest;

import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

import dev.distributor.agent.queue.AgentCommandQueue;
import dev.distributor.common.error.DistributorException;
import dev.distributor.fleet.AgentConfig;
import dev.distributor.fleet.service.InventoryService;
import dev.distributor.fleet.service.Liveness;
import dev.distributor.fleet.service.RegistrationService;

/**
 * The agent API's endpoints, exactly as docs/AGENT-PROTOCOL.md describes them: form fields in, {@code KEY=value} lines
 * out. Only binding lives here: {@link AgentRequests} checks what agents send, {@link LongPoll} waits for commands,
 * {@link FileRelay} streams files, {@link AgentErrors} writes failures. {@link AgentAuthFilter} has authenticated every
 * call but {@code register} and put the host's instance id on the request.
 */
@Path("/agent/v1")
@Produces("text/plain; charset=utf-8")
public class AgentResource {

    private final RegistrationService registration;
    private final InventoryService inventory;
    private final AgentCommandQueue queue;
    private final LongPoll longPoll;
    private final FileRelay fileRelay;
    private final Liveness liveness;
    private final AgentConfig config;

    public AgentResource(RegistrationService registration, InventoryService inventory, AgentCommandQueue queue,
            LongPoll longPoll, FileRelay fileRelay, Liveness liveness, AgentConfig config) {
        this.registration = registration;
        this.inventory = inventory;
        this.queue = queue;
        this.longPoll = longPoll;
        this.fileRelay = fileRelay;
        this.liveness = liveness;
        this.config = config;
    }

    @POST
    @Path("register")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> register(@RestForm("ACTIVATION_ID") String activationId,
            @RestForm("ACTIVATION_CODE") String activationCode, @RestForm("HOSTNAME") String hostname,
            @RestForm("PLATFORM") String platform, @RestForm("PLATFORM_VERSION") String platformVersion,
            @RestForm("ARCH") String arch, @RestForm("AGENT_VERSION") String agentVersion,
            @RestForm("INSTALLED") List<String> installed, @RestForm("BROKEN") List<String> broken) {
        return Uni.createFrom().deferred(() -> registration.register(new RegistrationService.Registration(
                activationId, activationCode, hostname, platform, platformVersion, arch, agentVersion, installed,
                broken)))
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
        Duration pollWait = AgentRequests.pollWait(wait, config.maxWait());
        // A poll handing out a new token answers at once: the agent switches sooner, the old token ends sooner.
        return longPoll.answer(instanceId(rc), AgentAuthFilter.handsOutSuccessor(rc) ? Duration.ZERO : pollWait, rc);
    }

    @POST
    @Path("commands/{id}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> status(@RestPath("id") String id, @RestForm("STATUS") String status,
            @RestForm("EXIT_CODE") String exitCode, @RestForm("REBOOT_REQUIRED") String rebootRequired,
            @RestForm("STEP") String step, @RestForm("OUTPUT") String output, RoutingContext rc) {
        AgentCommandQueue.Report report = AgentRequests.report(status, exitCode, rebootRequired, step, output);
        return queue.report(instanceId(rc), AgentRequests.commandId(id), report)
                .map(outcome -> {
                    KeyValues answer = new KeyValues().put("ACCEPTED", outcome.accepted());
                    if (outcome.reason() != null) {
                        answer.put("REASON", outcome.reason());
                    }
                    return answer.response(200);
                });
    }

    @POST
    @Path("inventory")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> inventory(@RestForm("INSTALLED") List<String> installed,
            @RestForm("BROKEN") List<String> broken, @RestForm("PLATFORM_VERSION") String platformVersion,
            @RestForm("AGENT_VERSION") String agentVersion,
            @RestForm("HOSTNAME") String hostname, RoutingContext rc) {
        String instanceId = instanceId(rc);
        return Uni.createFrom().deferred(() -> inventory.replace(instanceId,
                new InventoryService.Inventory(installed, broken, platformVersion, agentVersion, hostname)))
                .map(done -> new KeyValues().put("ACCEPTED", true).response(200));
    }

    @GET
    @Path("files/{sha256}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, "text/plain; charset=utf-8"})
    public Uni<Response> file(@RestPath("sha256") String sha256, RoutingContext rc) {
        return fileRelay.send(instanceId(rc), sha256, rc);
    }

    /** Errors in the agent format; scoped to this class so the JSON mapper of /api stays untouched. */
    @ServerExceptionMapper
    public Response mapDistributorException(DistributorException e) {
        return AgentErrors.answer(e);
    }

    private static String instanceId(RoutingContext rc) {
        return rc.get(AgentAuthFilter.INSTANCE_ID);
    }
}
