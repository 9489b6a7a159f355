package dev.distributor.agent.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import dev.distributor.agent.repository.AgentCommandRepository;
import dev.distributor.common.VertxContexts;
import dev.distributor.common.db.PoolPressure;
import dev.distributor.fleet.AgentConfig;

/**
 * The read-only "may this host take a command now?" check of a poll, batched: checks asked for within
 * {@link AgentConfig#checkBatch()} of each other share one query, so 10,000 polls reaching their deadline together need
 * a few queries, not 10,000 (issue 21). A batch that gets no connection within {@link AgentConfig#connectionWait()}
 * fails with {@link PoolPressure.PoolBusyException}; the poll then sheds load.
 */
@ApplicationScoped
public class QueueChecks {

    private final AgentCommandRepository commands;
    private final Vertx vertx;
    private final AgentConfig config;
    private final PoolPressure pressure;
    private final QuietHosts quiet;
    private Map<String, List<CompletableFuture<Boolean>>> pending = new HashMap<>();
    private boolean scheduled;

    public QueueChecks(AgentCommandRepository commands, Vertx vertx, AgentConfig config, PoolPressure pressure,
            CommandWakeups wakeups) {
        this.commands = commands;
        this.quiet = wakeups.quietHosts();
        this.vertx = vertx;
        this.config = config;
        this.pressure = pressure;
    }

    /**
     * Whether the host has a command it may take now; resumes on the caller's context. A host known to have nothing
     * open ({@link QuietHosts}) is answered at once, without a query.
     */
    public Uni<Boolean> mayClaim(String instanceId) {
        if (quiet.isQuiet(instanceId)) {
            return Uni.createFrom().item(false);
        }
        return VertxContexts.resumeOnCaller(Uni.createFrom().completionStage(() -> {
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            synchronized (this) {
                pending.computeIfAbsent(instanceId, id -> new ArrayList<>()).add(answer);
                if (!scheduled) {
                    scheduled = true;
                    vertx.setTimer(Math.max(1, config.checkBatch().toMillis()), id -> flush());
                }
            }
            return answer;
        }));
    }

    private void flush() {
        Map<String, List<CompletableFuture<Boolean>>> batch;
        synchronized (this) {
            batch = pending;
            pending = new HashMap<>();
            scheduled = false;
        }
        Duration wait = config.connectionWait();
        QuietHosts.Check check = quiet.begin();
        commands.checkQueues(batch.keySet())
                .ifNoItem().after(wait).failWith(() -> pressure.exhausted("poll check"))
                .subscribe().with(found -> {
                    check.end(found.quiet());
                    batch.forEach((id, answers) -> answers.forEach(a -> a.complete(found.ready().contains(id))));
                }, failure -> {
                    check.abandon();
                    Throwable shed = PoolPressure.isExhaustion(failure)
                            && !(failure instanceof PoolPressure.PoolBusyException)
                                    ? pressure.exhausted("poll check")
                                    : failure;
                    batch.values().forEach(answers -> answers.forEach(a -> a.completeExceptionally(shed)));
                });
    }
}
