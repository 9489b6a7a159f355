package dev.distributor.fleet.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.Timestamps;
import dev.distributor.common.work.StartupGate;
import dev.distributor.fleet.AgentConfig;
import dev.distributor.fleet.repository.TargetRepository;

/**
 * Signs of life from agents. Each authenticated call is noted in memory; a scheduled flush writes all of them in one
 * statement, so an idle poll costs no database write. A target is online while its last sign of life is within
 * {@link AgentConfig#onlineCutoff()}.
 */
@ApplicationScoped
public class Liveness {

    private static final Logger LOG = Logger.getLogger(Liveness.class);

    private final TargetRepository targets;
    private final AgentConfig config;
    private final Map<String, OffsetDateTime> pending = new ConcurrentHashMap<>();

    public Liveness(TargetRepository targets, AgentConfig config) {
        this.targets = targets;
        this.config = config;
    }

    /** Notes a sign of life now; written at the next flush. */
    public void seen(String instanceId) {
        pending.put(instanceId, Timestamps.now());
    }

    /** The newest sign of life not written yet, if any (GraphQL can merge it with the stored value). */
    public Optional<OffsetDateTime> unflushed(String instanceId) {
        return Optional.ofNullable(pending.get(instanceId));
    }

    public Duration onlineCutoff() {
        return config.onlineCutoff();
    }

    /** Whether a target last seen at {@code lastSeen} counts as online at {@code now} (take now from the database). */
    public boolean isOnline(OffsetDateTime lastSeen, OffsetDateTime now) {
        return lastSeen != null && !lastSeen.isBefore(now.minus(config.onlineCutoff()));
    }

    @Scheduled(skipExecutionIf = StartupGate.Closed.class, every = "${distributor.agent.last-seen-flush}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "agent-last-seen-flush")
    Uni<Void> scheduledFlush() {
        return flush().onFailure().invoke(e -> LOG.warn("lastSeen flush failed; retrying at the next one", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Writes every pending sign of life in one statement; returns how many targets it named. */
    public Uni<Integer> flush() {
        if (pending.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Map<String, OffsetDateTime> batch = Map.copyOf(pending);
        batch.forEach(pending::remove);
        String[] ids = batch.keySet().toArray(String[]::new);
        OffsetDateTime[] seen = new OffsetDateTime[ids.length];
        for (int i = 0; i < ids.length; i++) {
            seen[i] = batch.get(ids[i]);
        }
        return targets.recordLastSeen(ids, seen)
                .replaceWith(ids.length)
                .onFailure().invoke(e -> batch.forEach(pending::putIfAbsent));
    }
}
