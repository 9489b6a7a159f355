package dev.distributor.agent.queue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

import dev.distributor.common.VertxContexts;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.fleet.service.AgentTokens;

/**
 * Wakes long polls when a command is queued for their host, on whichever replica holds them. Queuing sends a
 * PostgreSQL NOTIFY on {@link #CHANNEL} (payload: instance ids, comma-separated); every replica LISTENs on its own
 * connection, which must not go through a transaction-mode pooler. A notification is only a hint: a woken poll
 * re-reads the database, and after a reconnect every poll is woken because notifications may have been lost.
 */
@ApplicationScoped
public class CommandWakeups {

    public static final String CHANNEL = "agent_command";

    /** Deregistrations, so every replica drops the host's cached token at once (payload: instance id). */
    public static final String REVOKED_CHANNEL = "agent_token_revoked";

    private static final Logger LOG = Logger.getLogger(CommandWakeups.class);

    private final Vertx vertx;
    private final String url;
    private final String user;
    private final String password;
    private final Map<String, Set<CompletableFuture<Boolean>>> waiting = new ConcurrentHashMap<>();
    private final AgentTokens tokens;
    private PgSubscriber subscriber;

    public CommandWakeups(Vertx vertx, AgentTokens tokens,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.url = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        this.user = user;
        this.password = password;
    }

    void listen(@Observes StartupEvent start) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user).setPassword(password);
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> retries < 1_000_000 ? 1_000L : -1L);
        subscriber.channel(CHANNEL)
                .handler(this::notified)
                .subscribeHandler(this::wakeEveryone);
        subscriber.channel(REVOKED_CHANNEL)
                .handler(this::revoked)
                // Revocations sent while the connection was down are lost: forget every cached token instead.
                .subscribeHandler(tokens::evictAll);
        subscriber.closeHandler(() -> LOG.warn("LISTEN connection closed; polls fall back to their timeout"));
        subscriber.connect().subscribe().with(
                ok -> LOG.debugf("Listening on %s", CHANNEL),
                failure -> LOG.error("Could not LISTEN for agent commands; polls answer at their timeout", failure));
    }

    void stop(@Observes ShutdownEvent stop) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /** A registration made before the database is checked, so a notification in between is not missed. */
    public final class Waiter {
        private final String instanceId;
        private final CompletableFuture<Boolean> woken = new CompletableFuture<>();

        private Waiter(String instanceId) {
            this.instanceId = instanceId;
        }

        /** Emits true when woken, false when {@code max} passed first; resumes on the caller's context. */
        public Uni<Boolean> await(Duration max) {
            return VertxContexts.resumeOnCaller(Uni.createFrom().completionStage(woken)
                    .ifNoItem().after(max).recoverWithItem(false)
                    .onTermination().invoke(this::cancel));
        }

        public void cancel() {
            waiting.computeIfPresent(instanceId, (id, set) -> {
                set.remove(woken);
                return set.isEmpty() ? null : set;
            });
        }
    }

    public Waiter register(String instanceId) {
        Waiter waiter = new Waiter(instanceId);
        waiting.compute(instanceId, (id, set) -> {
            Set<CompletableFuture<Boolean>> polls = set == null ? ConcurrentHashMap.newKeySet() : set;
            polls.add(waiter.woken);
            return polls;
        });
        return waiter;
    }

    /** How many polls this replica holds, for tests and metrics. */
    public int waitingPolls() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    private void notified(String payload) {
        for (String instanceId : payload.split(",")) {
            Set<CompletableFuture<Boolean>> polls = waiting.remove(instanceId.trim());
            if (polls != null) {
                polls.forEach(poll -> poll.complete(true));
            }
        }
    }

    /** The host was deregistered: its token stops working here too, and polls it holds end with 401 now. */
    private void revoked(String instanceId) {
        tokens.evict(instanceId);
        Set<CompletableFuture<Boolean>> polls = waiting.remove(instanceId.trim());
        if (polls != null) {
            polls.forEach(poll -> poll.completeExceptionally(new DistributorException(ErrorCode.UNAUTHORIZED,
                    "This host was deregistered; register it again to rejoin the fleet.")));
        }
    }

    private void wakeEveryone() {
        for (String instanceId : waiting.keySet()) {
            Set<CompletableFuture<Boolean>> polls = waiting.remove(instanceId);
            if (polls != null) {
                polls.forEach(poll -> poll.complete(true));
            }
        }
    }
}
