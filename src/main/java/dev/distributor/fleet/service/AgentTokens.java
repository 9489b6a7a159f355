package dev.distributor.fleet.service;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.repository.TargetRepository;

/**
 * Resolves agent bearer tokens to instance ids. Tokens carry 256 random bits, so their SHA-256 is a safe stored form
 * and a cheap check; results are cached so a poll costs no database read either. A miss reads the database once.
 * Deregistration on this replica evicts at once; other replicas forget within {@link #KNOWN_FOR}.
 */
@ApplicationScoped
public class AgentTokens {

    static final Duration KNOWN_FOR = Duration.ofMinutes(2);
    private static final Duration UNKNOWN_FOR = Duration.ofSeconds(10);

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

    public AgentTokens(TargetRepository targets) {
        this.targets = targets;
    }

    /** The instance id this token belongs to, or empty for anything that is not a live agent token. */
    public Uni<Optional<String>> instanceFor(String token) {
        if (!Secrets.looksLikeAgentToken(token)) {
            return Uni.createFrom().item(Optional.empty());
        }
        String hash = Secrets.sha256Hex(token);
        String cached = known.getIfPresent(hash);
        if (cached != null) {
            return Uni.createFrom().item(Optional.of(cached));
        }
        if (unknown.getIfPresent(hash) != null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return targets.instanceForToken(hash)
                .invoke(instanceId -> {
                    if (instanceId.isEmpty()) {
                        unknown.put(hash, Boolean.TRUE);
                    } else {
                        known.put(hash, instanceId.get());
                    }
                });
    }

    /** Forgets every cached token of this instance; call after deregistering it or replacing its token. */
    public void evict(String instanceId) {
        known.asMap().values().removeIf(instanceId::equals);
    }

    /** Forgets every cached token, when revocation notices may have been missed (a LISTEN reconnect). */
    public void evictAll() {
        known.invalidateAll();
    }
}
