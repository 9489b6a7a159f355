package dev.distributor.testing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A GraphQL subscription client speaking {@code graphql-transport-ws} (the protocol of the {@code graphql-ws} npm
 * package: connection_init, connection_ack, subscribe, next, error, complete, ping and pong) over a Vert.x WebSocket of
 * its own, as a console or an automation script would. One connection carries any number of subscriptions.
 */
public final class GraphQLWs implements AutoCloseable {

    public static final String PROTOCOL = "graphql-transport-ws";

    private final Vertx vertx;
    private final boolean ownVertx;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, Subscription> subscriptions = new java.util.concurrent.ConcurrentHashMap<>();
    private final CompletableFuture<Void> acknowledged = new CompletableFuture<>();

    private final CompletableFuture<Short> closed = new CompletableFuture<>();

    /** @param initPayload the connection_init payload (where a client presents its token), or null */
    private GraphQLWs(URI graphql, Vertx shared, Map<String, Object> initPayload) throws Exception {
        this.ownVertx = shared == null;
        this.vertx = ownVertx ? Vertx.vertx() : shared;
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(graphql.getHost()).setPort(graphql.getPort()).setURI(graphql.getPath())
                .addSubProtocol(PROTOCOL);
        socket = client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        socket.textMessageHandler(this::received);
        socket.closeHandler(gone -> {
            subscriptions.values().forEach(s -> s.done.complete(null));
            // A server refusing the connection_init closes before any ack: connect fails at once, not on its timeout.
            acknowledged.completeExceptionally(new IllegalStateException(
                    "closed before connection_ack: " + socket.closeStatusCode() + " " + socket.closeReason()));
            closed.complete(socket.closeStatusCode());
        });
        JsonObject init = new JsonObject().put("type", "connection_init");
        if (initPayload != null) {
            init.put("payload", new JsonObject(initPayload));
        }
        socket.writeTextMessage(init.encode());
        acknowledged.get(10, TimeUnit.SECONDS);
    }

    /** Connects to {@code graphql} (an http:// or ws:// URL of /graphql) and waits for the server's ack. */
    public static GraphQLWs connect(URI graphql) throws Exception {
        return new GraphQLWs(graphql, null, null);
    }

    /**
     * As {@link #connect(URI)}, sending {@code initPayload} in connection_init: where a client presents its token,
     * {@code {"Authorization": "Bearer <token>"}}.
     */
    public static GraphQLWs connect(URI graphql, Map<String, Object> initPayload) throws Exception {
        return new GraphQLWs(graphql, null, initPayload);
    }

    /** As {@link #connect(URI)}, signed in with {@code bearer} (an OIDC access token) in the connection_init payload. */
    public static GraphQLWs connect(URI graphql, String bearer) throws Exception {
        return new GraphQLWs(graphql, null, Map.of("Authorization", "Bearer " + bearer));
    }

    /** Completes with the close status code once the server (or the client) closed the socket. */
    public CompletableFuture<Short> closed() {
        return closed;
    }

    /** As {@link #connect(URI)}, on a Vert.x instance the caller owns: many connections, one event loop pool. */
    public static GraphQLWs connect(URI graphql, Vertx shared) throws Exception {
        return new GraphQLWs(graphql, shared, null);
    }

    /** Starts a subscription; its messages arrive in {@link Subscription#next} in the order the server sent them. */
    public Subscription subscribe(String document, Map<String, Object> variables) {
        return subscribe(document, variables, payload -> {
        });
    }

    /** As above, also handing each {@code next} payload to {@code onNext} as it arrives (on the socket's thread). */
    public Subscription subscribe(String document, Map<String, Object> variables, Consumer<JsonObject> onNext) {
        String id = Integer.toString(ids.incrementAndGet());
        Subscription subscription = new Subscription(id, onNext);
        subscriptions.put(id, subscription);
        socket.writeTextMessage(new JsonObject().put("id", id).put("type", "subscribe")
                .put("payload", new JsonObject().put("query", document).put("variables", new JsonObject(variables)))
                .encode());
        return subscription;
    }

    /** Drops the connection as a network failure would, without completing subscriptions first. */
    @Override
    public void close() {
        socket.close();
        if (ownVertx) {
            vertx.close();
        }
    }

    private void received(String text) {
        JsonObject message = new JsonObject(text);
        String type = message.getString("type");
        switch (type) {
            case "connection_ack" -> acknowledged.complete(null);
            case "ping" -> socket.writeTextMessage(new JsonObject().put("type", "pong").encode());
            case "next" -> {
                Subscription s = subscriptions.get(message.getString("id"));
                s.next.add(message.getJsonObject("payload"));
                // A field error arrives inside a next payload (then the server completes): count it as an error.
                s.errors.addAll(message.getJsonObject("payload").getJsonArray("errors", new JsonArray()).stream()
                        .map(JsonObject.class::cast).toList());
                s.onNext.accept(message.getJsonObject("payload"));
            }
            case "error" -> {
                Subscription s = subscriptions.get(message.getString("id"));
                s.errors.addAll(message.getJsonArray("payload", new JsonArray()).stream()
                        .map(JsonObject.class::cast).toList());
                s.done.complete(null);
            }
            case "complete" -> subscriptions.get(message.getString("id")).done.complete(null);
            default -> {
            }
        }
    }

    /** One subscription's messages (each {@code next} payload: data, maybe errors) and its end. */
    public final class Subscription {
        private final String id;
        private final List<JsonObject> next = new CopyOnWriteArrayList<>();
        private final List<JsonObject> errors = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Consumer<JsonObject> onNext;

        private Subscription(String id, Consumer<JsonObject> onNext) {
            this.id = id;
            this.onNext = onNext;
        }

        /** The payloads of the {@code next} messages so far. */
        public List<JsonObject> next() {
            return List.copyOf(next);
        }

        /** The errors the server sent: those of an {@code error} message and those inside {@code next} payloads. */
        public List<JsonObject> errors() {
            return List.copyOf(errors);
        }

        public boolean isDone() {
            return done.isDone();
        }

        /** Waits until the server completes the subscription (or ends it with an error, or the socket closes). */
        public Subscription awaitDone(Duration atMost) throws Exception {
            done.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
            return this;
        }

        /** Asks the server to stop this subscription. */
        public void stop() {
            socket.writeTextMessage(new JsonObject().put("id", id).put("type", "complete").encode());
        }
    }
}
