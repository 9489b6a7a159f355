package dev.distributor.agent;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.Unremovable;
import io.smallrye.mutiny.Uni;

import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.agent.repository.AgentCommandRepository;
import dev.distributor.agent.repository.AgentHostRepository;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.Arguments;
import dev.distributor.fleet.CommandSpec;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/**
 * Single agent commands: queueing one (for tests and operators; the rollout engine issues its own through the driver
 * port) and reading them back.
 */
@ApplicationScoped
@Unremovable
public class AgentCommandService {

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final AgentDriver driver;
    private final AgentCommandRepository commands;
    private final AgentHostRepository hosts;

    public AgentCommandService(AccessControl access, UnitOfWork unitOfWork, AgentDriver driver,
            AgentCommandRepository commands, AgentHostRepository hosts) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.driver = driver;
        this.commands = commands;
        this.hosts = hosts;
    }

    /** Records the command with its audit row, then, after commit, sends it. */
    public Uni<UUID> queue(CommandSpec spec) {
        validate(spec);
        return access
                .require(Permission.DEPLOY, "command.queue").chain(
                        caller -> unitOfWork.change(caller, "command.queue", "target/" + spec.instanceId(),
                                (session, actor) -> hosts.isRegisteredAgent(session, spec.instanceId())
                                        .chain(registered -> !registered
                                                ? Uni.createFrom()
                                                        .failure(new DistributorException(ErrorCode.TARGET_NOT_FOUND,
                                                                "No registered agent target has instance id "
                                                                        + spec.instanceId() + "."))
                                                : driver.record(session, spec)),
                                id -> Map.of("commandId", id.toString(), "action", spec.action(), "package",
                                        spec.packageName(),
                                        "version", spec.version())))
                .call(id -> driver.sendRecorded(List.of(id)));
    }

    public Uni<Optional<AgentCommand>> find(UUID id) {
        return commands.find(id);
    }

    /** The latest {@code last} commands of each host, newest first, after checking {@link Permission#VIEW}. */
    public Uni<Map<String, List<AgentCommand>>> recentOf(List<String> instanceIds, int last) {
        return access.require(Permission.VIEW, "command.list")
                .chain(viewer -> commands.recentOf(instanceIds, last));
    }

    private static void validate(CommandSpec spec) {
        if (!List.of("INSTALL", "UNINSTALL").contains(spec.action())) {
            throw DistributorException.invalidInput("action", "action must be INSTALL or UNINSTALL.");
        }
        if (!List.of("REINSTALL", "IN_PLACE").contains(spec.installType())) {
            throw DistributorException.invalidInput("installType", "installType must be REINSTALL or IN_PLACE.");
        }
        if (spec.timeoutSeconds() < 1) {
            throw DistributorException.invalidInput("timeoutSeconds", "timeoutSeconds must be at least 1.");
        }
        Arguments.validated(spec.arguments());
    }
}
