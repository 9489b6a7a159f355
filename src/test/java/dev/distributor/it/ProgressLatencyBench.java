package dev.distributor.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import dev.distributor.simulator.FleetObservations;
import dev.distributor.simulator.FleetSimulator;
import dev.distributor.simulator.OutcomeModel;
import dev.distributor.simulator.SimulatedAgent;
import dev.distributor.testing.GraphQLWs;

/**
 * Benchmark (issue 13): how long an agent's final report takes to reach {@code rolloutProgress} subscribers, with
 * {@code SUBSCRIBERS} subscribers (default 1,000, each on its own WebSocket) on one replica, against a baseline of one
 * subscriber measured in the same run, round after round on the same fleet. Not a test: run it on demand with
 * {@code bench/live-progress.sh}, which builds the jar and prints the table.
 *
 * <p>
 * A sample is, for one subscriber and one host, the time from the host's final report to the moment the subscriber
 * received that host's final INVOCATION event. Two clocks bound the report's commit: "sent" is when the agent sent the
 * report (before the commit: an upper bound on latency), "answered" when its answer arrived (after the commit: a
 * lower bound). Both ends are read in this JVM. The service runs with its production defaults (engine period 1 s).
 */
public final class ProgressLatencyBench {

    private static final String PROGRESS = """
            subscription($id: String!) {
              rolloutProgress(id: $id) { seq events { type instanceId status } }
            }
            """;
    private static final Set<String> FINAL = Set.of("SUCCESS", "FAILED", "TIMED_OUT");

    private ProgressLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = setting("HOSTS", 200);
        int subscribers = setting("SUBSCRIBERS", 1000);
        int rounds = setting("ROUNDS", 3);
        Path out = Path.of(System.getProperty("bench.out", "target/bench-live-progress"));
        Files.createDirectories(out);
        Map<String, List<double[]>> results = new HashMap<>();
        try (ServiceCluster cluster = ServiceCluster.start(Map.of("DISTRIBUTOR_ROLLOUT_TICK", "1s",
                "DISTRIBUTOR_AGENT_BUSY_NEXT_POLL_SECONDS", "30"))) {
            ServiceProcess service = cluster.replica("bench-live-progress");
            ServiceApi api = new ServiceApi(service.baseUrl());
            List<FleetSimulator.Activation> activations = List.of(api.createActivation(hosts, "bench", "live"));
            // Scripts of 0.2-2 s spread the reports over the run, as real hosts finish at different times.
            OutcomeModel outcomes = OutcomeModel.builder().success(1)
                    .duration(Duration.ofMillis(200), Duration.ofSeconds(2)).build();
            Vertx vertx = Vertx.vertx();
            try (FleetSimulator fleet = Fleets.fleet(service.baseUrl(), activations, hosts, "bench-", outcomes)) {
                fleet.start().get();
                for (int round = 1; round <= rounds; round++) {
                    for (int followers : List.of(1, subscribers)) {
                        String mode = followers == 1 ? "baseline (1 subscriber)" : followers + " subscribers";
                        double[] summary = round(api, service.baseUrl(), vertx, fleet, followers,
                                "bench-" + round + "-" + followers);
                        results.computeIfAbsent(mode, m -> new ArrayList<>()).add(summary);
                        System.out.printf("round %d, %-24s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms (answered)"
                                + "  p99 %6.1f ms (sent)  samples %.0f%n", round, mode, summary[0], summary[1],
                                summary[2], summary[3], summary[4]);
                    }
                }
            } finally {
                vertx.close();
            }
        }
        report(results, out);
    }

    /** One rollout to every host with {@code followers} subscribers; {p50, p99, max, p99 from sent, samples}. */
    private static double[] round(ServiceApi api, URI service, Vertx vertx, FleetSimulator fleet, int followers,
            String pkg) throws Exception {
        api.createPackage(pkg);
        String rolloutId = api.createDeployment(pkg, "bench", "live",
                Map.of("waves", List.of("100%"), "maxConcurrency", "100%", "maxErrors", "100%"));
        Map<String, Set<String>> before = commandsByAgent(fleet);
        List<Map<String, Instant>> received = new ArrayList<>();
        List<GraphQLWs> connections = new ArrayList<>();
        List<GraphQLWs.Subscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < followers; i++) {
            Map<String, Instant> finals = new ConcurrentHashMap<>();
            received.add(finals);
            GraphQLWs ws = GraphQLWs.connect(service.resolve("/graphql"), vertx);
            connections.add(ws);
            subscriptions.add(ws.subscribe(PROGRESS, Map.of("id", rolloutId), payload -> {
                Instant now = Instant.now();
                payload.getJsonObject("data").getJsonObject("rolloutProgress").getJsonArray("events").stream()
                        .map(JsonObject.class::cast)
                        .filter(e -> e.getString("instanceId") != null && FINAL.contains(e.getString("status")))
                        .forEach(e -> finals.putIfAbsent(e.getString("instanceId"), now));
            }));
        }
        for (GraphQLWs.Subscription subscription : subscriptions) {
            while (subscription.next().isEmpty()) {
                Thread.onSpinWait();
            }
        }
        api.startRollout(rolloutId);
        for (GraphQLWs.Subscription subscription : subscriptions) {
            subscription.awaitDone(Duration.ofMinutes(10));
        }
        connections.forEach(GraphQLWs::close);

        Map<String, FleetObservations.Report> reports = finalReports(fleet, before);
        List<Double> answered = new ArrayList<>();
        List<Double> sent = new ArrayList<>();
        for (Map<String, Instant> finals : received) {
            finals.forEach((instanceId, at) -> {
                FleetObservations.Report report = reports.get(instanceId);
                if (report != null) {
                    answered.add(Duration.between(report.at(), at).toNanos() / 1e6);
                    sent.add(Duration.between(report.sentAt(), at).toNanos() / 1e6);
                }
            });
        }
        answered.sort(null);
        sent.sort(null);
        return new double[]{percentile(answered, 50), percentile(answered, 99),
                answered.isEmpty() ? Double.NaN : answered.get(answered.size() - 1), percentile(sent, 99),
                answered.size()};
    }

    /** Each agent's accepted final report of the command it got in this round, by instance id. */
    private static Map<String, FleetObservations.Report> finalReports(FleetSimulator fleet,
            Map<String, Set<String>> before) {
        Map<String, FleetObservations.Report> byAgent = new HashMap<>();
        for (SimulatedAgent agent : fleet.agents()) {
            for (String commandId : agent.executions().keySet()) {
                if (before.getOrDefault(agent.instanceId(), Set.of()).contains(commandId)) {
                    continue;
                }
                fleet.observations().reports(commandId).stream()
                        .filter(r -> FINAL.contains(r.status()) && Boolean.TRUE.equals(r.accepted()))
                        .findFirst().ifPresent(r -> byAgent.put(agent.instanceId(), r));
            }
        }
        return byAgent;
    }

    private static Map<String, Set<String>> commandsByAgent(FleetSimulator fleet) {
        Map<String, Set<String>> commands = new HashMap<>();
        fleet.agents().forEach(agent -> commands.put(agent.instanceId(), Set.copyOf(agent.executions().keySet())));
        return commands;
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void report(Map<String, List<double[]>> results, Path out) throws Exception {
        StringBuilder table = new StringBuilder("| subscribers | median p50 (ms) | median p99 (ms) | median max (ms) "
                + "| median p99 from sent (ms) |\n|---|---|---|---|---|\n");
        Map<String, Double> p99 = new HashMap<>();
        for (var entry : results.entrySet()) {
            List<double[]> runs = entry.getValue();
            double medianP99 = median(runs.stream().map(r -> r[1]).toList());
            p99.put(entry.getKey(), medianP99);
            table.append(String.format("| %s | %.1f | %.1f | %.1f | %.1f |%n", entry.getKey(),
                    median(runs.stream().map(r -> r[0]).toList()), medianP99,
                    median(runs.stream().map(r -> r[2]).toList()), median(runs.stream().map(r -> r[3]).toList())));
        }
        String baseline = results.keySet().stream().filter(k -> k.startsWith("baseline")).findFirst().orElseThrow();
        for (String mode : results.keySet()) {
            if (!mode.equals(baseline)) {
                table.append(String.format("%nratio of median p99, %s / %s: %.2f%n", mode, baseline,
                        p99.get(mode) / p99.get(baseline)));
            }
        }
        System.out.println(table);
        Files.writeString(out.resolve("summary.md"), table.toString());
    }

    private static int setting(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value);
    }
}
