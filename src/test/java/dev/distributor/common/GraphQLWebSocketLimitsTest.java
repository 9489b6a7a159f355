package dev.distributor.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.distributor.testing.GraphQLWs;

/**
 * A subscription over WebSocket never passes the HTTP route's document check, so the byte, operation and alias limits
 * hold at execution too: the same codes as over HTTP (GraphQLRefusalsTest).
 */
@QuarkusTest
class GraphQLWebSocketLimitsTest {

    @TestHTTPResource("/graphql")
    URI graphql;

    @Test
    void aSubscriptionWithTooManyAliases_isQueryTooComplex() throws Exception {
        String aliases = IntStream.rangeClosed(1, 51).mapToObj(i -> "s" + i + ": seq").collect(Collectors.joining(" "));
        assertThat(refusal("subscription { targetEvents { " + aliases + " } }")).isEqualTo("QUERY_TOO_COMPLEX");
    }

    @Test
    void aSubscriptionAtTheAliasLimit_runs() throws Exception {
        String aliases = IntStream.rangeClosed(1, 50).mapToObj(i -> "s" + i + ": seq").collect(Collectors.joining(" "));
        try (GraphQLWs ws = GraphQLWs.connect(graphql)) {
            var subscription = ws.subscribe("subscription { targetEvents { " + aliases + " } }", Map.of());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> !subscription.next().isEmpty() || subscription.isDone());
            assertThat(subscription.errors()).isEmpty();
        }
    }

    @Test
    void aSubscriptionDocumentOverTheByteLimit_isQueryTooLarge() throws Exception {
        String padding = "#" + "x".repeat(110_000) + "\n";
        assertThat(refusal(padding + "subscription { targetEvents { seq } }")).isEqualTo("QUERY_TOO_LARGE");
    }

    private String refusal(String document) throws Exception {
        try (GraphQLWs ws = GraphQLWs.connect(graphql)) {
            var subscription = ws.subscribe(document, Map.of()).awaitDone(Duration.ofSeconds(10));
            assertThat(subscription.next()).as("no data").allSatisfy(payload -> assertThat(
                    payload.getValue("data")).isNull());
            assertThat(subscription.errors()).hasSize(1);
            return subscription.errors().get(0).getJsonObject("extensions").getString("code");
        }
    }
}
