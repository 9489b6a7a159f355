package dev.distributor.agent.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;

import dev.distributor.agent.AgentCommandService;
import dev.distributor.agent.queue.AgentCommand;
import dev.distributor.common.error.DistributorException;
import dev.distributor.fleet.graphql.TargetType;

/** Adds the commands a target was sent to the fleet's Target type; the queue lives in this feature. */
@GraphQLApi
public class TargetCommandsApi {

    private static final int MAX_LAST = 100;

    private final AgentCommandService commands;

    public TargetCommandsApi(AgentCommandService commands) {
        this.commands = commands;
    }

    @Description("The latest commands sent to the target, newest first, with their output.")
    public Uni<List<@NonNull List<@NonNull CommandType>>> recentCommands(@Source List<TargetType> owners,
            @DefaultValue("10") @Description("How many, 1-100.") int last) {
        if (last < 1 || last > MAX_LAST) {
            throw DistributorException.invalidInput("last", "last must be between 1 and " + MAX_LAST + ".");
        }
        List<String> ids = owners.stream().map(TargetType::instanceId).toList();
        return commands.recentOf(ids, last)
                .map(byTarget -> owners.stream()
                        .map(owner -> byTarget.getOrDefault(owner.instanceId(), List.of()).stream()
                                .map(TargetCommandsApi::toType)
                                .toList())
                        .toList());
    }

    private static CommandType toType(AgentCommand command) {
        return new CommandType(command.id().toString(), command.action(), command.installType(),
                command.packageName(), command.version(), command.state(), command.deliveries(), command.exitCode(),
                command.rebootRequired(), command.step(), command.output(), command.createdAt(), command.startedAt(),
                command.finishedAt());
    }

}
