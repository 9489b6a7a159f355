package dev.distributor.agent.queue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

import dev.distributor.common.VertxContexts;
import dev.distributor.common.db.Notifications;
import dev.distributor.common.error.DistributorException;
import dev.distributor.common.error.ErrorCode;
import dev.distributor.fleet.service.AgentTokens;

/**
 * Wakes long polls when a command is queued for their host, on whichever replica holds them. Queuing sends a
 * PostgreSQL NOTIFY on {@link #CHANNEL} (payload: instance ids, comma-separated), heard by every replica through its
 * {@link Notifications} connection. A notification is only a hint: a woken poll
 * re-reads the database, and after a reconnect every poll is woken because notifications may have been lost. The same
 * notifications keep {@link QuietHosts} true, which answers idle polls without a query.
 */
@ApplicationScoped
public class CommandWakeups {

    public static final String CHANNEL = "agent_command";

    /** Deregistrations, so every replica drops the host's cached token at once (payload: instance id). */
    public static final String REVOKED_CHANNEL = "agent_token_revoked";

    private final Map<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();
    private final Notifications notifications;
    private final AgentTokens tokens;
    private final QuietHosts quiet;

    public CommandWakeups(Notifications notifications, AgentTokens tokens, MeterRegistry registry) {
        this.notifications = notifications;
        this.tokens = tokens;
        this.quiet = new QuietHosts(notifications::isOpen, System::nanoTime);
        // Made at start (it listens from then on), so the series exists before the first poll.
        Gauge.builder("distributor.agent.polls.held", this, CommandWakeups::waitingPolls)
                .description("Agent polls held open on this replica, waiting for a command")
                .register(registry);
    }

    void listen(@Observes StartupEvent start) {
        // After a reconnect every poll re-reads: commands queued while the connection was down woke nobody.
        notifications.listen(CHANNEL, this::notified, () -> {
            quiet.relistened();
            wakeEveryone();
        });
        // Revocations sent while the connection was down are lost: forget every cached token instead.
        notifications.listen(REVOKED_CHANNEL, this::revoked, tokens::evictAll);
        notifications.listen(AgentTokens.CHANGED_CHANNEL, this::tokenChanged, tokens::evictAll);
    }

    /** A registration made before the database is checked, so a notification in between is not missed. */
    public final class Waiter {
        private final String instanceId;
        private final String tokenSha256;
        private final CompletableFuture<Boolean> woken = new CompletableFuture<>();

        private Waiter(String instanceId, String tokenSha256) {
            this.instanceId = instanceId;
            this.tokenSha256 = tokenSha256;
        }

        /** Emits true when woken, false when {@code max} passed first; resumes on the caller's context. */
        public Uni<Boolean> await(Duration max) {
            return VertxContexts.resumeOnCaller(Uni.createFrom().completionStage(woken)
                    .ifNoItem().after(max).recoverWithItem(false)
                    .onTermination().invoke(this::cancel));
        }

        public void cancel() {
            waiting.computeIfPresent(instanceId, (id, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /**
     * Registers a poll of the host, made with the token whose SHA-256 is {@code tokenSha256}: when a successor ends that
     * token, the poll ends with 401 at once instead of waiting on with a token that no longer works.
     */
    public Waiter register(String instanceId, String tokenSha256) {
        Waiter waiter = new Waiter(instanceId, tokenSha256);
        waiting.compute(instanceId, (id, set) -> {
            Set<Waiter> polls = set == null ? ConcurrentHashMap.newKeySet() : set;
            polls.add(waiter);
            return polls;
        });
        return waiter;
    }

    /** How many polls this replica holds, for tests and metrics. */
    public int waitingPolls() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    /** How many polls of this host this replica holds, for tests. */
    public int waitingPolls(String instanceId) {
        Set<Waiter> polls = waiting.get(instanceId);
        return polls == null ? 0 : polls.size();
    }

    /** The hosts known to have nothing open, which the notifications on {@link #CHANNEL} keep true. */
    public QuietHosts quietHosts() {
        return quiet;
    }

    private void notified(String payload) {
        List<String> hosts = Arrays.stream(payload.split(",")).map(String::trim).toList();
        // Before any poll wakes: a woken poll must not find its host still believed quiet.
        quiet.sent(hosts);
        for (String instanceId : hosts) {
            Set<Waiter> polls = waiting.remove(instanceId);
            if (polls != null) {
                polls.forEach(poll -> poll.woken.complete(true));
            }
        }
    }

    /** The host was deregistered: its token stops working here too, and polls it holds end with 401 now. */
    private void revoked(String instanceId) {
        tokens.evict(instanceId);
        Set<Waiter> polls = waiting.remove(instanceId.trim());
        if (polls != null) {
            polls.forEach(poll -> poll.woken.completeExceptionally(new DistributorException(ErrorCode.UNAUTHORIZED,
                    "This host was deregistered; register it again to rejoin the fleet.")));
        }
    }

    /**
     * A rotation was asked for (payload: instance id): cached tokens of the host are dropped, so its next call reads
     * the database and gets its successor. Or a successor took over (payload: instance id and the ended token's
     * SHA-256): that token stops working here too, and polls held with it end with 401 now; polls made with the
     * successor wait on.
     */
    private void tokenChanged(String payload) {
        int space = payload.indexOf(' ');
        if (space < 0) {
            tokens.evict(payload.trim());
            return;
        }
        String instanceId = payload.substring(0, space);
        String ended = payload.substring(space + 1).trim();
        tokens.evictToken(ended);
        Set<Waiter> polls = waiting.get(instanceId);
        if (polls == null) {
            return;
        }
        for (Waiter poll : polls) {
            if (ended.equals(poll.tokenSha256)) {
                poll.cancel();
                poll.woken.completeExceptionally(new DistributorException(ErrorCode.UNAUTHORIZED,
                        "This agent token was replaced by its successor; use the newest token the service sent."));
            }
        }
    }

    private void wakeEveryone() {
        for (String instanceId : waiting.keySet()) {
            Set<Waiter> polls = waiting.remove(instanceId);
            if (polls != null) {
                polls.forEach(poll -> poll.woken.complete(true));
            }
        }
    }
}
