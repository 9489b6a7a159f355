package dev.distributor.fleet.service;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.repository.TargetRepository;
import dev.distributor.fleet.repository.TargetRepository.TokenMatch;

/**
 * Resolves agent bearer tokens to instance ids, and carries out token rotation (docs/AGENT-PROTOCOL.md, "Token
 * rotation"). Tokens carry 256 random bits, so their SHA-256 is a safe stored form and a cheap check; settled tokens
 * are cached so a poll costs no database read either. A miss reads the database once.
 *
 * <p>
 * Rotation: while a rotation is due, every call with the current token mints a successor (only its hash is stored,
 * replacing an earlier one) and hands it to the agent; the first call with the successor makes it the token and ends
 * the old one, on every replica at once ({@link #CHANGED_CHANNEL}). Until then the old token keeps working, so an
 * answer lost on the way never locks an agent out. Neither kind is cached: each such call reads the database.
 *
 * <p>
 * Deregistration and rotation on this replica evict at once; other replicas hear of them on {@link #CHANGED_CHANNEL}
 * (or the agent queue's revocation channel) and otherwise forget within {@link #KNOWN_FOR}.
 */
@ApplicationScoped
public class AgentTokens {

    /**
     * Token changes, so every replica drops cached tokens of the host at once. Payload: the instance id when a
     * rotation was asked for; the instance id, a space and the SHA-256 of the token that ended when a successor took
     * over.
     */
    public static final String CHANGED_CHANNEL = "agent_token_changed";

    static final Duration KNOWN_FOR = Duration.ofMinutes(2);
    private static final Duration UNKNOWN_FOR = Duration.ofSeconds(10);

    /**
     * An authenticated agent call: the host, the SHA-256 of the token it used, and a successor token to hand to the
     * agent in this call's answer (null when none is due). The successor is shown this once.
     */
    public record Authenticated(String instanceId, String tokenSha256, String successor) {
    }

    private final TargetRepository targets;
    private final Cache<String, String> known = Caffeine.newBuilder()
            .expireAfterWrite(KNOWN_FOR)
            .maximumSize(1_000_000)
            .build();
    /** Hashes of tokens no target has, so a misbehaving client cannot turn each request into a read. */
    private final Cache<String, Boolean> unknown = Caffeine.newBuilder()
            .expireAfterWrite(UNKNOWN_FOR)
            .maximumSize(100_000)
            .build();

    /**
     * Counts evictions. A token read from the database is cached only if none happened during the read: a notice
     * that ended it may have arrived between the read and the cache write, and caching it then would keep an ended
     * token working for {@link #KNOWN_FOR}.
     */
    private final AtomicLong evictions = new AtomicLong();

    public AgentTokens(TargetRepository targets) {
        this.targets = targets;
    }

    /**
     * The call this token authenticates, or empty for anything that is not a live agent token (never a successor that
     * a newer one replaced, nor a token its successor ended).
     */
    public Uni<Optional<Authenticated>> authenticate(String token) {
        if (!Secrets.looksLikeAgentToken(token)) {
            return Uni.createFrom().item(Optional.empty());
        }
        String hash = Secrets.sha256Hex(token);
        String cached = known.getIfPresent(hash);
        if (cached != null) {
            return Uni.createFrom().item(Optional.of(new Authenticated(cached, hash, null)));
        }
        if (unknown.getIfPresent(hash) != null) {
            return Uni.createFrom().item(Optional.empty());
        }
        long epoch = evictions.get();
        return targets.findToken(hash)
                .chain(match -> match.isEmpty() ? refuse(hash) : resolve(hash, match.get(), true, epoch));
    }

    private Uni<Optional<Authenticated>> resolve(String hash, TokenMatch match, boolean firstTry, long epoch) {
        return switch (match.kind()) {
            case CURRENT -> {
                if (evictions.get() == epoch) {
                    known.put(hash, match.instanceId());
                }
                yield Uni.createFrom().item(Optional.of(new Authenticated(match.instanceId(), hash, null)));
            }
            case ROTATION_DUE -> mintSuccessor(hash, match.instanceId());
            case SUCCESSOR -> targets.promoteSuccessor(hash, CHANGED_CHANNEL)
                    .chain(promoted -> {
                        if (promoted.isPresent()) {
                            String instanceId = promoted.get().instanceId();
                            // This replica at once; the others when the notice comes.
                            evictToken(promoted.get().endedSha256());
                            known.put(hash, instanceId);
                            return Uni.createFrom().item(Optional.of(new Authenticated(instanceId, hash, null)));
                        }
                        // A concurrent call promoted it first (now CURRENT), or a newer successor replaced it.
                        return firstTry
                                ? targets.findToken(hash)
                                        .chain(again -> again.isEmpty()
                                                ? refuse(hash)
                                                : resolve(hash, again.get(), false, epoch))
                                : Uni.createFrom().item(Optional.empty());
                    });
        };
    }

    private Uni<Optional<Authenticated>> mintSuccessor(String hash, String instanceId) {
        String successor = Secrets.newAgentToken();
        return targets.storeSuccessor(instanceId, hash, Secrets.sha256Hex(successor))
                // Not stored: the token was ended (by its successor or a deregistration) since it was read.
                .map(stored -> stored
                        ? Optional.of(new Authenticated(instanceId, hash, successor))
                        : Optional.<Authenticated>empty());
    }

    private Uni<Optional<Authenticated>> refuse(String hash) {
        unknown.put(hash, Boolean.TRUE);
        return Uni.createFrom().item(Optional.empty());
    }

    /** Forgets every cached token of this instance; call after deregistering it or changing its tokens. */
    public void evict(String instanceId) {
        evictions.incrementAndGet();
        known.asMap().values().removeIf(instanceId::equals);
    }

    /** Forgets the token with this SHA-256 (a successor took over from it); cheaper than {@link #evict}. */
    public void evictToken(String tokenSha256) {
        evictions.incrementAndGet();
        known.invalidate(tokenSha256);
    }

    /** Forgets every cached token, when revocation notices may have been missed (a LISTEN reconnect). */
    public void evictAll() {
        evictions.incrementAndGet();
        known.invalidateAll();
    }
}
