package dev.distributor.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.distributor.simulator.SimulatedAgent;

/**
 * What the browser test may ask of the world around the console, over HTTP on loopback ({@code CONTROL_URL}); the
 * JDK's own HTTP server, nothing to install:
 * <ul>
 * <li>{@code POST /restart}: SIGKILLs the service and starts it again on the same port (its agents and the browser
 * find it at the same URL), answering 200 once it is ready again, with {@code {"downMs": ...}};</li>
 * <li>{@code GET /fleet}: the simulated hosts, {@code [{"hostname", "instanceId", "outcome"}]}, outcome
 * {@code succeeds} or {@code fails} (exit 3), so the test knows which rows must fail and what they are called.</li>
 * </ul>
 * Requests are served one at a time: a second restart waits for the first.
 */
final class ConsoleControl implements AutoCloseable {

    /** One simulated host and how its commands end. */
    record Host(SimulatedAgent agent, String outcome) {
    }

    private final HttpServer server;
    private final AtomicInteger restarts = new AtomicInteger();

    private ConsoleControl(HttpServer server) {
        this.server = server;
    }

    static ConsoleControl start(ServiceProcess service, List<Host> fleet) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the control server", e);
        }
        ConsoleControl control = new ConsoleControl(server);
        server.createContext("/restart", exchange -> control.restart(exchange, service));
        server.createContext("/fleet", exchange -> answer(exchange, "GET", 200, fleetJson(fleet)));
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "console-control");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return control;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many restarts the browser test asked for and got. */
    int restarts() {
        return restarts.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void restart(HttpExchange exchange, ServiceProcess service) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            answer(exchange, "POST", 405, "{\"error\":\"POST only\"}");
            return;
        }
        long started = System.nanoTime();
        try {
            service.kill();
            service.restart();
        } catch (RuntimeException e) {
            answer(exchange, "POST", 500, "{\"error\":" + quoted(String.valueOf(e.getMessage())) + "}");
            return;
        }
        long downMs = (System.nanoTime() - started) / 1_000_000;
        restarts.incrementAndGet();
        System.out.printf("ConsoleE2EIT: the browser test restarted the service; it was down %d ms%n", downMs);
        answer(exchange, "POST", 200, "{\"downMs\":" + downMs + "}");
    }

    private static String fleetJson(List<Host> fleet) {
        return fleet.stream()
                .map(host -> "{\"hostname\":" + quoted(host.agent().hostname()) + ",\"instanceId\":"
                        + quoted(String.valueOf(host.agent().instanceId())) + ",\"outcome\":" + quoted(host.outcome())
                        + "}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static void answer(HttpExchange exchange, String method, int status, String json) throws IOException {
        try (exchange) {
            if (!method.equals(exchange.getRequestMethod()) && status < 400) {
                status = 405;
                json = "{\"error\":\"" + method + " only\"}";
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** A JSON string; the values here are host names, ids and messages, so quotes, backslashes and controls do. */
    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
