package dev.distributor.simulator;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * The wire side of the agent protocol (docs/AGENT-PROTOCOL.md): form-encoded requests, {@code KEY=value} answers. One
 * instance is shared by every simulated agent; the JDK client multiplexes all connections on one selector thread, so a
 * thousand held long polls cost sockets and buffers, not threads.
 */
final class AgentApiClient {

    static final String PREFIX = "/agent/v1";

    private final HttpClient http;
    private final URI base;
    private final Duration requestTimeout;

    AgentApiClient(URI base, Executor executor, Duration requestTimeout) {
        this.base = base;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                // HTTP/1.1 like curl: no h2c upgrade dance, one connection per held poll.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(executor)
                .build();
    }

    CompletableFuture<Answer> register(List<Map.Entry<String, String>> form) {
        return send(post("/register", null, form, requestTimeout));
    }

    /** The long poll; the request may stay open {@code waitSeconds}, so its timeout is that plus the usual margin. */
    CompletableFuture<Answer> nextCommand(String token, int waitSeconds) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(PREFIX + "/commands/next?wait=" + waitSeconds))
                .timeout(requestTimeout.plusSeconds(waitSeconds))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        return send(request);
    }

    CompletableFuture<Answer> reportStatus(String token, String commandId, List<Map.Entry<String, String>> form) {
        return send(post("/commands/" + commandId + "/status", token, form, requestTimeout));
    }

    CompletableFuture<Answer> inventory(String token, List<Map.Entry<String, String>> form) {
        return send(post("/inventory", token, form, requestTimeout));
    }

    private HttpRequest post(String path, String token, List<Map.Entry<String, String>> form, Duration timeout) {
        String body = form.stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(PREFIX + path))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private CompletableFuture<Answer> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> new Answer(
                        response.statusCode(),
                        KeyValues.parse(response.body()),
                        response.headers().firstValue("X-Next-Poll-Seconds").orElse(null)));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * One answer of the service.
     *
     * @param status the HTTP status
     * @param values the body's {@code KEY=value} lines
     * @param nextPollHeader the {@code X-Next-Poll-Seconds} header, or null
     */
    record Answer(int status, Map<String, String> values, String nextPollHeader) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        String value(String key) {
            return values.get(key);
        }

        /** The pause the service asks for before the next poll, from the body or the header; 0 when absent. */
        int nextPollSeconds() {
            String raw = values.getOrDefault("NEXT_POLL_SECONDS", nextPollHeader);
            if (raw == null || raw.isBlank()) {
                return 0;
            }
            try {
                return Math.max(0, Integer.parseInt(raw.trim()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        @Override
        public String toString() {
            return status + " " + values;
        }
    }
}
