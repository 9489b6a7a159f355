package dev.distributor.agent.queue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

import dev.distributor.agent.domain.AgentCommandLifecycle;
import dev.distributor.agent.domain.AgentCommandLifecycle.ReportDecision;
import dev.distributor.agent.domain.AgentCommandState;
import dev.distributor.agent.repository.AgentCommandRepository;
import dev.distributor.agent.repository.AgentHostRepository;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.work.Actor;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.AgentConfig;
import dev.distributor.fleet.Arguments;
import dev.distributor.fleet.service.CommandOutcomes;

/**
 * The agent side of the command queue: claiming the next command for a host (leased, at least once) and applying its
 * status reports (idempotent per command and status) as {@link AgentCommandLifecycle} decides. Each runs in a unit of
 * work with its audit row. Leases and timeouts use the database's clock.
 */
@ApplicationScoped
public class AgentCommandQueue {

    /** Deliveries without an IN_PROGRESS report after which a command fails with step {@code not-acknowledged}. */
    public static final int MAX_DELIVERIES = 5;
    public static final int MAX_OUTPUT_CHARS = 24_000;
    /** The STEP of a final report whose automatic rollback failed (docs/AGENT-PROTOCOL.md). */
    public static final String ROLLBACK_STEP = CommandOutcomes.ROLLBACK_STEP;

    /** What a status report did; {@code reason} is the protocol's {@code REASON} of a refusal. */
    public record Outcome(boolean accepted, String reason) {
    }

    /** A checked status report; {@code exitCode} only with a final status or REBOOTING. */
    public record Report(AgentCommandState status, Integer exitCode, boolean rebootRequired, String step,
            String output) {
    }

    private final AgentCommandRepository commands;
    private final AgentHostRepository hosts;
    private final UnitOfWork unitOfWork;
    private final AgentConfig config;
    private final QueueChecks checks;
    private final CommandOutcomes outcomes;

    public AgentCommandQueue(AgentCommandRepository commands, AgentHostRepository hosts, UnitOfWork unitOfWork,
            AgentConfig config, QueueChecks checks, CommandOutcomes outcomes) {
        this.commands = commands;
        this.hosts = hosts;
        this.unitOfWork = unitOfWork;
        this.config = config;
        this.checks = checks;
        this.outcomes = outcomes;
    }

    /**
     * Delivers the next command for the host, if one may go now. A read-only check comes first, batched with other
     * polls' ({@link QueueChecks}), so an idle poll writes nothing and shares its query; only when there is work does a
     * transaction lock and lease a command.
     */
    public Uni<Optional<AgentCommand>> next(String instanceId) {
        return checks.mayClaim(instanceId)
                .chain(mayClaim -> mayClaim
                        ? claim(instanceId)
                        : Uni.createFrom().item(Optional.<UUID>empty()))
                .chain(claimed -> claimed.isEmpty()
                        ? Uni.createFrom().item(Optional.<AgentCommand>empty())
                        : commands.find(claimed.get()));
    }

    private Uni<Optional<UUID>> claim(String instanceId) {
        Actor agent = new Actor(instanceId, instanceId);
        return unitOfWork.change(agent, "command.deliver", "target/" + instanceId,
                (session, actor) -> hosts.lockQueueOf(session, instanceId)
                        .chain(() -> commands.giveUpUnacknowledged(session, instanceId, MAX_DELIVERIES))
                        .chain(() -> commands.lockNextDeliverable(session, instanceId))
                        .call(next -> next.isEmpty()
                                ? Uni.createFrom().voidItem()
                                : commands.deliver(session, next.get(), config.lease())),
                claimed -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("delivered", claimed.map(UUID::toString).orElse(null));
                    return details;
                });
    }

    public Uni<Optional<AgentCommand>> find(UUID id) {
        return commands.find(id);
    }

    /** Whether a delivered or in-progress command of this host names the file (for the file relay). */
    public Uni<Boolean> currentCommandNames(String instanceId, String sha256) {
        return commands.currentCommandNames(instanceId, sha256);
    }

    /**
     * Applies a checked report from {@code instanceId}.
     *
     * @throws DistributorException COMMAND_NOT_FOUND or COMMAND_NOT_YOURS (as failures); they change nothing and
     *             write no audit row
     */
    public Uni<Outcome> report(String instanceId, UUID commandId, Report report) {
        Actor agent = new Actor(instanceId, instanceId);
        return unitOfWork.change(agent, "command.status", "command/" + commandId,
                (session, actor) -> commands.lockForReport(session, commandId)
                        .map(found -> found.orElseThrow(() -> new DistributorException(ErrorCode.COMMAND_NOT_FOUND,
                                "No command has id " + commandId + ".")))
                        .invoke(command -> {
                            if (!instanceId.equals(command.instanceId())) {
                                throw new DistributorException(ErrorCode.COMMAND_NOT_YOURS,
                                        "Command " + commandId + " belongs to another instance.");
                            }
                        })
                        .chain(command -> apply(session, command, report)),
                outcome -> {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("status", report.status().name());
                    details.put("accepted", outcome.accepted());
                    if (outcome.reason() != null) {
                        details.put("reason", outcome.reason());
                    }
                    if (report.exitCode() != null) {
                        details.put("exitCode", report.exitCode());
                    }
                    return details;
                });
    }

    private Uni<Outcome> apply(Mutiny.Session session, AgentCommand command, Report report) {
        ReportDecision decision = AgentCommandLifecycle.onReport(command.currentState(), report.status());
        if (!decision.accepted()) {
            return Uni.createFrom().item(new Outcome(false, decision.refusal().reason()));
        }
        Outcome accepted = new Outcome(true, null);
        if (decision.next() == AgentCommandState.REBOOTING) {
            return commands.rebooting(session, command.id(), report.exitCode(), report.step(), report.output())
                    .replaceWith(accepted);
        }
        if (!decision.next().isFinal()) {
            return commands.start(session, command.id(), report.step()).replaceWith(accepted);
        }
        return commands.finish(session, command.id(), decision.next(), report.exitCode(), report.rebootRequired(),
                report.step(), report.output())
                .call(() -> outcomes.record(session, new CommandOutcomes.Finished(command.instanceId(),
                        command.packageName(), command.version(), command.action(), command.arguments(),
                        decision.next() == AgentCommandState.SUCCESS, report.step())))
                .replaceWith(accepted);
    }

    /**
     * Whether a final report says the agent's automatic rollback failed (step {@code rollback}, not SUCCESS): the
     * package is then BROKEN on the host (see {@link CommandOutcomes}).
     */
    public static boolean leavesBroken(AgentCommandState status, String step) {
        return status.isFinal() && CommandOutcomes.leavesBroken(status == AgentCommandState.SUCCESS, step);
    }

    /** The ARGUMENTS value of the protocol; see {@link Arguments#encode}. */
    public static String encodeArguments(Map<String, String> arguments) {
        return Arguments.encode(arguments);
    }
}
