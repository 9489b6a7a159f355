package dev.distributor.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a simulated fleet against a running service from the command line; see docs/FLEET-SIMULATOR.md. Prints a
 * summary line every {@code --report-every} seconds until {@code --run-for} ends or the process is interrupted.
 */
public final class FleetSimulatorMain {

    private static final String USAGE = """
            Usage: FleetSimulatorMain --url URL --activation-id ID --activation-code CODE [options]

              --agents N                    simulated hosts (default 100)
              --wait S                      long-poll wait, 0-20 seconds (default 20)
              --success-rate R              share of commands that succeed, 0-1 (default 1)
              --failure-exit-code N         exit code of the failures (default 1)
              --timeout-rate R              share that ends TIMED_OUT (default 0)
              --reboot-rate R               share that succeeds with exit 194 and REBOOT_REQUIRED (default 0)
              --duration-ms MIN-MAX         how long a command "runs" (default 200-2000)
              --platforms P:V:A[:W],...     platform mix (default ubuntu:22.04:x86_64)
              --installed NAME=VER,...      packages every host starts with
              --hostname-prefix PREFIX      hostnames PREFIX0001... (default sim-)
              --drop-first-delivery-rate R  lose the answer of a command's first delivery (default 0)
              --drop-delivery-rate R        lose any answer carrying a command (default 0)
              --restart-rate R              restart the agent in the middle of a command (default 0)
              --registration-concurrency N  registrations in flight at once (default 32)
              --report-every S              seconds between summary lines (default 10)
              --run-for S                   stop after S seconds (default: until interrupted)
              --seed N                      random seed (default 1)
            """;

    private FleetSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2); // a command-line usage error (not a test switch): exit status 2, as shells expect
            return;
        }
        if (options.containsKey("help")) {
            System.out.print(USAGE);
            return;
        }
        FleetSimulator fleet;
        try {
            fleet = build(options);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2); // a command-line usage error (not a test switch): exit status 2, as shells expect
            return;
        }
        int reportEvery = Integer.parseInt(options.getOrDefault("report-every", "10"));
        long runFor = Long.parseLong(options.getOrDefault("run-for", "0"));
        CountDownLatch done = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            fleet.stop();
            done.countDown();
        }, "fleet-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);

        long started = System.nanoTime();
        fleet.start().whenComplete((ignored, error) -> {
            String took = Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms";
            if (error != null) {
                System.out.println("registration failed (" + took + "): " + error.getMessage());
                for (Throwable cause : (error.getCause() != null ? error.getCause() : error).getSuppressed()) {
                    System.out.println("  " + cause.getMessage());
                }
            } else {
                System.out.println("all " + fleet.agents().size() + " agents registered in " + took);
            }
        });
        long deadline = runFor > 0 ? started + TimeUnit.SECONDS.toNanos(runFor) : Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            long left = deadline - System.nanoTime();
            if (done.await(Math.min(TimeUnit.SECONDS.toNanos(reportEvery), left), TimeUnit.NANOSECONDS)) {
                return;
            }
            System.out.println(elapsed(started) + " " + fleet.observations().summary());
        }
        fleet.stop();
        System.out.println(elapsed(started) + " stopped; " + fleet.observations().summary());
    }

    static FleetSimulator build(Map<String, String> options) {
        String url = required(options, "url");
        double successRate = Double.parseDouble(options.getOrDefault("success-rate", "1"));
        double timeoutRate = Double.parseDouble(options.getOrDefault("timeout-rate", "0"));
        double rebootRate = Double.parseDouble(options.getOrDefault("reboot-rate", "0"));
        double failureRate = 1 - successRate - timeoutRate - rebootRate;
        if (successRate < 0 || failureRate < -1e-9) {
            throw new IllegalArgumentException("success, timeout and reboot rates must add up to at most 1");
        }
        String[] durations = options.getOrDefault("duration-ms", "200-2000").split("-");
        Duration min = Duration.ofMillis(Long.parseLong(durations[0]));
        Duration max = durations.length > 1 ? Duration.ofMillis(Long.parseLong(durations[1])) : min;
        OutcomeModel.Builder outcomes = OutcomeModel.builder().duration(min, max);
        if (successRate > 0) {
            outcomes.success(successRate);
        }
        if (failureRate > 1e-9) {
            outcomes.failure(Integer.parseInt(options.getOrDefault("failure-exit-code", "1")), failureRate);
        }
        if (timeoutRate > 0) {
            outcomes.timeout(timeoutRate);
        }
        if (rebootRate > 0) {
            outcomes.rebootRequired(rebootRate);
        }
        List<HostProfile> platforms = new ArrayList<>();
        for (String profile : options.getOrDefault("platforms", "ubuntu:22.04:x86_64").split(",")) {
            platforms.add(HostProfile.parse(profile.trim()));
        }
        Map<String, String> installed = new LinkedHashMap<>();
        if (options.containsKey("installed")) {
            for (String entry : options.get("installed").split(",")) {
                String[] parts = entry.split("=", 2);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("--installed wants NAME=VERSION, got " + entry);
                }
                installed.put(parts[0].trim(), parts[1].trim());
            }
        }
        return FleetSimulator.builder(URI.create(url))
                .activation(required(options, "activation-id"), required(options, "activation-code"))
                .agents(Integer.parseInt(options.getOrDefault("agents", "100")))
                .pollWaitSeconds(Integer.parseInt(options.getOrDefault("wait", "20")))
                .outcomes(outcomes.build())
                .faults(new FaultModel(
                        Double.parseDouble(options.getOrDefault("drop-first-delivery-rate", "0")),
                        Double.parseDouble(options.getOrDefault("drop-delivery-rate", "0")),
                        Double.parseDouble(options.getOrDefault("restart-rate", "0"))))
                .platforms(platforms)
                .installed(installed)
                .hostnamePrefix(options.getOrDefault("hostname-prefix", "sim-"))
                .registrationConcurrency(Integer.parseInt(options.getOrDefault("registration-concurrency", "32")))
                .seed(Long.parseLong(options.getOrDefault("seed", "1")))
                .build();
    }

    /** {@code --name value} and {@code --name=value}; {@code --help} stands alone. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                options.put("help", "");
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            int equals = arg.indexOf('=');
            if (equals > 0) {
                options.put(arg.substring(2, equals), arg.substring(equals + 1));
            } else if (i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("missing value for " + arg);
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static String elapsed(long startedNanos) {
        return String.format("[%6.1fs]", (System.nanoTime() - startedNanos) / 1e9);
    }
}
