package dev.distributor.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small in-memory stand-in for the service's agent API, written from docs/AGENT-PROTOCOL.md, so the simulator's own
 * behavior (redelivery handling, restarts, back-off) can be tested without the real service. One thread per held
 * poll: fine for the dozen agents these tests run, not a model of the real server.
 */
final class FakeAgentService implements AutoCloseable {

    static final String ACTIVATION_ID = "00000000-0000-0000-0000-00000000aaaa";
    static final String ACTIVATION_CODE = "fake-code";

    /** A command row as the service keeps it. */
    static final class Command {
        final String id = UUID.randomUUID().toString();
        final String instanceId;
        final String packageName;
        final String version;
        String state = "QUEUED";
        int deliveries;
        long leaseUntilNanos;
        String step;
        Integer exitCode;
        final List<String> reports = new ArrayList<>();

        Command(String instanceId, String packageName, String version) {
            this.instanceId = instanceId;
            this.packageName = packageName;
            this.version = version;
        }

        synchronized String state() {
            return state;
        }

        synchronized String step() {
            return step;
        }

        synchronized int deliveries() {
            return deliveries;
        }

        /** What a misbehaving service would do: hand out a finished command again. */
        synchronized void forceRedelivery() {
            state = "QUEUED";
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Duration lease;
    private final AtomicInteger registrations = new AtomicInteger();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, List<Command>> queues = new ConcurrentHashMap<>();
    private final Map<String, Command> commands = new ConcurrentHashMap<>();
    private final Map<String, List<String>> inventories = new ConcurrentHashMap<>();
    private final Object wakeUp = new Object();
    private volatile int failNextRequests;

    FakeAgentService(Duration lease) throws IOException {
        this.lease = lease;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(threads);
        server.createContext("/agent/v1/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int registrations() {
        return registrations.get();
    }

    /** The next {@code count} requests answer 503, to exercise back-off. */
    void failNextRequests(int count) {
        failNextRequests = count;
    }

    Command queue(String instanceId, String packageName, String version) {
        Command command = new Command(instanceId, packageName, version);
        commands.put(command.id, command);
        queues.computeIfAbsent(instanceId, k -> new ArrayList<>());
        synchronized (wakeUp) {
            queues.get(instanceId).add(command);
            wakeUp.notifyAll();
        }
        return command;
    }

    List<String> inventory(String instanceId) {
        return inventories.getOrDefault(instanceId, List.of());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (failNextRequests > 0) {
                failNextRequests--;
                answer(exchange, 503, "ERROR=UNAVAILABLE\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Map<String, List<String>> form = form(exchange);
            if (path.equals("/agent/v1/register")) {
                register(exchange, form);
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String instanceId = auth == null ? null : tokens.get(auth.replaceFirst("^Bearer ", ""));
            if (instanceId == null) {
                answer(exchange, 401, "ERROR=UNAUTHORIZED\n");
            } else if (path.equals("/agent/v1/commands/next")) {
                poll(exchange, instanceId);
            } else if (path.startsWith("/agent/v1/commands/") && path.endsWith("/status")) {
                status(exchange, instanceId, path.split("/")[4], form);
            } else if (path.equals("/agent/v1/inventory")) {
                inventories.put(instanceId, form.getOrDefault("INSTALLED", List.of()));
                answer(exchange, 200, "ACCEPTED=true\n");
            } else {
                answer(exchange, 404, "ERROR=NOT_FOUND\n");
            }
        }
    }

    private void register(HttpExchange exchange, Map<String, List<String>> form) throws IOException {
        if (!ACTIVATION_ID.equals(first(form, "ACTIVATION_ID")) || !ACTIVATION_CODE.equals(first(form,
                "ACTIVATION_CODE"))) {
            answer(exchange, 401, "ERROR=ACTIVATION_INVALID\n");
            return;
        }
        for (String field : List.of("HOSTNAME", "PLATFORM", "PLATFORM_VERSION", "ARCH", "AGENT_VERSION")) {
            if (first(form, field) == null) {
                answer(exchange, 400, "ERROR=INVALID_FACTS\nFIELD=" + field + "\n");
                return;
            }
        }
        String instanceId = String.format("mi-%017x", registrations.incrementAndGet());
        String token = "dagt_" + UUID.randomUUID();
        tokens.put(token, instanceId);
        inventories.put(instanceId, form.getOrDefault("INSTALLED", List.of()));
        answer(exchange, 201, "INSTANCE_ID=" + instanceId + "\nTOKEN=" + token + "\nPOLL_WAIT_SECONDS=20\n");
    }

    private void poll(HttpExchange exchange, String instanceId) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        int wait = query != null && query.startsWith("wait=") ? Integer.parseInt(query.substring(5)) : 20;
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.min(wait, 20)).toNanos();
        while (true) {
            Command delivered;
            synchronized (wakeUp) {
                delivered = deliverable(instanceId);
                if (delivered == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        // Woken by queue(); otherwise re-checks for expired leases now and then.
                        wakeUp.wait(Math.max(1, Math.min(100, left / 1_000_000)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    continue;
                }
            }
            answer(exchange, 200, "COMMAND_ID=" + delivered.id + "\nACTION=INSTALL\nINSTALL_TYPE=REINSTALL\nPACKAGE="
                    + delivered.packageName + "\nVERSION=" + delivered.version
                    + "\nFILE_URL=\nTIMEOUT_SECONDS=60\nARGUMENTS=\nREBOOT_ALLOWED=false\nLEASE_SECONDS="
                    + lease.toSeconds() + "\nNEXT_POLL_SECONDS=0\nSOME_FUTURE_KEY=a=b\n");
            return;
        }
        exchange.getResponseHeaders().add("X-Next-Poll-Seconds", "0");
        exchange.sendResponseHeaders(204, -1);
    }

    /** Leases the host's next command, or null; caller holds {@code wakeUp}. */
    private Command deliverable(String instanceId) {
        for (Command command : queues.getOrDefault(instanceId, List.of())) {
            synchronized (command) {
                switch (command.state) {
                    case "IN_PROGRESS" :
                        return null;
                    case "DELIVERED" :
                        if (System.nanoTime() < command.leaseUntilNanos) {
                            return null;
                        }
                        if (command.deliveries >= 5) {
                            command.state = "FAILED";
                            command.step = "not-acknowledged";
                            continue;
                        }
                        break;
                    case "QUEUED" :
                        break;
                    default :
                        continue;
                }
                command.state = "DELIVERED";
                command.deliveries++;
                command.leaseUntilNanos = System.nanoTime() + lease.toNanos();
                return command;
            }
        }
        return null;
    }

    private void status(HttpExchange exchange, String instanceId, String commandId, Map<String, List<String>> form)
            throws IOException {
        Command command = commands.get(commandId);
        if (command == null) {
            answer(exchange, 404, "ERROR=COMMAND_NOT_FOUND\n");
            return;
        }
        if (!command.instanceId.equals(instanceId)) {
            answer(exchange, 403, "ERROR=COMMAND_NOT_YOURS\n");
            return;
        }
        String status = first(form, "STATUS");
        String body;
        synchronized (command) {
            command.reports.add(status + " " + first(form, "STEP"));
            boolean finalStatus = !"IN_PROGRESS".equals(status);
            if (status.equals(command.state)) {
                body = "ACCEPTED=false\nREASON=duplicate\n";
            } else if (command.state.equals("DELIVERED") || (finalStatus && command.state.equals("IN_PROGRESS"))) {
                command.state = status;
                command.step = first(form, "STEP");
                String exitCode = first(form, "EXIT_CODE");
                command.exitCode = exitCode == null ? null : Integer.valueOf(exitCode);
                body = "ACCEPTED=true\n";
            } else {
                body = "ACCEPTED=false\nREASON=finished\n";
            }
        }
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        answer(exchange, 200, body);
    }

    private static Map<String, List<String>> form(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            form.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return form;
    }

    private static String first(Map<String, List<String>> form, String key) {
        List<String> values = form.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
