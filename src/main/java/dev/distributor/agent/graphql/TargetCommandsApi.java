package dev.distributor.agent.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Source;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.distributor.common.error.DistributorException;
import dev.distributor.common.work.UnitOfWork;
import dev.distributor.fleet.graphql.TargetType;
import dev.distributor.security.AccessControl;
import dev.distributor.security.Permission;

/** Adds the commands a target was sent to the fleet's Target type; the queue lives in this feature. */
@GraphQLApi
public class TargetCommandsApi {

    private static final int MAX_LAST = 100;

    private final AccessControl access;
    private final UnitOfWork unitOfWork;
    private final Pool pool;

    public TargetCommandsApi(AccessControl access, UnitOfWork unitOfWork, Pool pool) {
        this.access = access;
        this.unitOfWork = unitOfWork;
        this.pool = pool;
    }

    @Description("The latest commands sent to the target, newest first, with their output.")
    public Uni<List<@NonNull List<@NonNull CommandType>>> recentCommands(@Source List<TargetType> owners,
            @DefaultValue("10") @Description("How many, 1-100.") int last) {
        if (last < 1 || last > MAX_LAST) {
            throw DistributorException.invalidInput("last", "last must be between 1 and " + MAX_LAST + ".");
        }
        String[] ids = owners.stream().map(TargetType::instanceId).toArray(String[]::new);
        return access.require(Permission.VIEW).chain(actor -> pool.preparedQuery("""
                select * from (
                  select c.*, row_number() over (partition by instance_id order by created_at desc) as rank
                    from agent_command c where instance_id = any($1)
                ) ranked where rank <= $2 order by instance_id, created_at desc
                """).execute(Tuple.of(ids, last)))
                .map(rows -> {
                    Map<String, List<CommandType>> byTarget = new LinkedHashMap<>();
                    for (Row row : rows) {
                        byTarget.computeIfAbsent(row.getString("instance_id"), k -> new ArrayList<>()).add(toType(row));
                    }
                    return owners.stream().map(o -> byTarget.getOrDefault(o.instanceId(), List.of())).toList();
                });
    }

    private static CommandType toType(Row row) {
        return new CommandType(row.getUUID("id").toString(), row.getString("action"), row.getString("install_type"),
                row.getString("package_name"), row.getString("version"), row.getString("state"),
                row.getInteger("deliveries"), row.getInteger("exit_code"), row.getBoolean("reboot_required"),
                row.getString("step"), row.getString("output"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("started_at"), row.getOffsetDateTime("finished_at"));
    }

}
