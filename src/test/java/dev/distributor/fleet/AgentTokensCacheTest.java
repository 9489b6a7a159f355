package dev.distributor.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

import dev.distributor.fleet.repository.TargetRepository;
import dev.distributor.fleet.repository.TargetRepository.TokenKind;
import dev.distributor.fleet.repository.TargetRepository.TokenMatch;
import dev.distributor.fleet.service.AgentTokens;
import dev.distributor.fleet.service.Secrets;

/**
 * The agent-token cache never outlives a notice that ended the token: a token whose notice arrived while it was being
 * read is answered from that read but not cached, so the next call asks the database again.
 */
class AgentTokensCacheTest {

    /** A repository that only answers token lookups, counting them; {@code duringRead} runs inside each read. */
    static final class Lookups extends TargetRepository {
        final AtomicInteger reads = new AtomicInteger();
        Runnable duringRead = () -> {
        };

        Lookups() {
            super(null);
        }

        @Override
        public Uni<Optional<TokenMatch>> findToken(String tokenSha256) {
            return Uni.createFrom().item(() -> {
                reads.incrementAndGet();
                duringRead.run();
                return Optional.of(new TokenMatch("i-cache", TokenKind.CURRENT));
            });
        }
    }

    @Test
    void aSettledTokenIsReadOnce_thenServedFromTheCache() {
        Lookups repository = new Lookups();
        AgentTokens tokens = new AgentTokens(repository);
        String token = Secrets.newAgentToken();

        assertThat(tokens.authenticate(token).await().indefinitely()).isPresent();
        assertThat(tokens.authenticate(token).await().indefinitely()).isPresent();

        assertThat(repository.reads).hasValue(1);
    }

    @Test
    void aTokenEndedWhileItWasBeingRead_isNotCached() {
        Lookups repository = new Lookups();
        AgentTokens tokens = new AgentTokens(repository);
        String token = Secrets.newAgentToken();
        repository.duringRead = () -> tokens.evict("i-cache");

        assertThat(tokens.authenticate(token).await().indefinitely()).isPresent();
        assertThat(tokens.authenticate(token).await().indefinitely()).isPresent();

        assertThat(repository.reads).as("the second call read the database again").hasValue(2);
    }
}
