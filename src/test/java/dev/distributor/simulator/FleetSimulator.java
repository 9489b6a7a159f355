package dev.distributor.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs many simulated agents in one JVM, each speaking the agent protocol (docs/AGENT-PROTOCOL.md) over real HTTP to
 * one base URL. All agents share one HTTP client, a small worker pool and one timer thread: a held long poll is a
 * socket and a callback, so thousands of agents fit in a test JVM.
 *
 * <pre>{@code
 * try (FleetSimulator fleet = FleetSimulator.builder(URI.create("http://localhost:8080"))
 *         .activation(activationId, activationCode)
 *         .agents(1000)
 *         .pollWaitSeconds(20)
 *         .outcomes(OutcomeModel.successRate(0.95, Duration.ofMillis(200), Duration.ofSeconds(2)))
 *         .build()) {
 *     fleet.start().join();
 *     ...
 *     fleet.observations().summary();
 * }
 * }</pre>
 */
public final class FleetSimulator implements AutoCloseable {

    /** What every agent of a fleet shares: settings, the HTTP client, threads and the observations. */
    record Shared(AgentApiClient api, ExecutorService executor, ScheduledExecutorService scheduler,
            FleetObservations observations, String agentVersion,
            int pollWaitSeconds, OutcomeModel outcomes, FaultModel faults, Backoff backoff) {
    }

    /** An activation's id and code, as {@code createActivation} returned them. */
    public record Activation(String id, String code) {
        public Activation {
            Objects.requireNonNull(id, "activation id");
            Objects.requireNonNull(code, "activation code");
        }
    }

    private final Shared shared;
    private final List<SimulatedAgent> agents;
    private final int registrationConcurrency;
    private volatile boolean stopped;

    private FleetSimulator(Builder builder) {
        ExecutorService executor = Executors.newFixedThreadPool(builder.threads, daemonThreads("fleet-sim-worker"));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                daemonThreads("fleet-sim-timer"));
        this.shared = new Shared(new AgentApiClient(builder.baseUrl, executor, builder.requestTimeout), executor,
                scheduler, new FleetObservations(), builder.agentVersion, builder.pollWaitSeconds, builder.outcomes,
                builder.faults, builder.backoff);
        this.registrationConcurrency = builder.registrationConcurrency;
        Random random = new Random(builder.seed);
        List<SimulatedAgent> list = new ArrayList<>(builder.agents);
        int digits = Math.max(4, String.valueOf(builder.agents).length());
        for (int i = 0; i < builder.agents; i++) {
            String hostname = builder.hostnamePrefix + String.format("%0" + digits + "d", i + 1);
            Activation activation = builder.activations.get(i % builder.activations.size());
            list.add(new SimulatedAgent(shared, i, hostname, activation, pick(builder.profiles, random),
                    builder.installed, random.nextLong()));
        }
        this.agents = List.copyOf(list);
    }

    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * Registers every agent, at most {@code registrationConcurrency} at a time, each starting its poll loop as soon as
     * it is registered. Completes when all are registered; exceptionally if any registration was refused (the others
     * keep running).
     */
    public CompletableFuture<Void> start() {
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger remaining = new AtomicInteger(agents.size());
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        if (agents.isEmpty()) {
            all.complete(null);
            return all;
        }
        Runnable[] worker = new Runnable[1];
        worker[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= agents.size()) {
                return;
            }
            agents.get(i).start().whenComplete((ignored, error) -> {
                if (error != null) {
                    failures.add(error);
                }
                if (remaining.decrementAndGet() == 0) {
                    if (failures.isEmpty()) {
                        all.complete(null);
                    } else {
                        IllegalStateException failure = new IllegalStateException(
                                failures.size() + " of " + agents.size() + " agents could not register");
                        failures.stream().limit(5).forEach(failure::addSuppressed);
                        all.completeExceptionally(failure);
                    }
                } else {
                    worker[0].run();
                }
            });
        };
        for (int i = 0; i < Math.min(registrationConcurrency, agents.size()); i++) {
            shared.executor().execute(worker[0]);
        }
        return all;
    }

    /**
     * Stops every agent: no new request leaves, held polls are cancelled (their sockets closed), and the threads end.
     * Idempotent.
     */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        agents.forEach(SimulatedAgent::stop);
        shared.scheduler().shutdownNow();
        shared.executor().shutdown();
        try {
            if (!shared.executor().awaitTermination(10, TimeUnit.SECONDS)) {
                shared.executor().shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shared.executor().shutdownNow();
        }
    }

    @Override
    public void close() {
        stop();
    }

    public List<SimulatedAgent> agents() {
        return agents;
    }

    public SimulatedAgent agent(int index) {
        return agents.get(index);
    }

    public Optional<SimulatedAgent> agent(String instanceId) {
        return agents.stream().filter(a -> instanceId.equals(a.instanceId())).findFirst();
    }

    public FleetObservations observations() {
        return shared.observations();
    }

    public int pollWaitSeconds() {
        return shared.pollWaitSeconds();
    }

    private static HostProfile pick(List<HostProfile> profiles, Random random) {
        double total = profiles.stream().mapToDouble(HostProfile::weight).sum();
        double pick = random.nextDouble() * total;
        for (HostProfile profile : profiles) {
            pick -= profile.weight();
            if (pick < 0) {
                return profile;
            }
        }
        return profiles.get(profiles.size() - 1);
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Settings of a fleet; every one has a default but the activation. */
    public static final class Builder {
        private final URI baseUrl;
        private List<Activation> activations = List.of();
        private int agents = 1;
        private String hostnamePrefix = "sim-";
        private List<HostProfile> profiles = List.of(HostProfile.of("ubuntu", "22.04", "x86_64"));
        private Map<String, String> installed = Map.of();
        private String agentVersion = "fleet-simulator/1";
        private int pollWaitSeconds = 20;
        private OutcomeModel outcomes = OutcomeModel.alwaysSucceeds(Duration.ofMillis(200));
        private FaultModel faults = FaultModel.NONE;
        private Backoff backoff = Backoff.PROTOCOL;
        private int registrationConcurrency = 32;
        private int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private Duration requestTimeout = Duration.ofSeconds(30);
        private long seed = 1;

        private Builder(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        }

        /** The activation every agent registers with (its account, region and tags become the targets'). */
        public Builder activation(String id, String code) {
            return activations(List.of(new Activation(id, code)));
        }

        /**
         * Several activations, dealt round-robin: agent {@code i} registers with activation {@code i % n}, as a big real
         * fleet would be enrolled.
         */
        public Builder activations(List<Activation> activations) {
            if (activations.isEmpty()) {
                throw new IllegalArgumentException("at least one activation");
            }
            this.activations = List.copyOf(activations);
            return this;
        }

        public Builder agents(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("agents must be >= 0");
            }
            this.agents = count;
            return this;
        }

        /** Hostnames are the prefix and a zero-padded number from 1: {@code sim-0001}. */
        public Builder hostnamePrefix(String prefix) {
            this.hostnamePrefix = Objects.requireNonNull(prefix);
            return this;
        }

        /** The platform mix; each agent draws one profile by weight. */
        public Builder platforms(List<HostProfile> profiles) {
            if (profiles.isEmpty()) {
                throw new IllegalArgumentException("at least one platform");
            }
            this.profiles = List.copyOf(profiles);
            return this;
        }

        public Builder platforms(HostProfile... profiles) {
            return platforms(List.of(profiles));
        }

        /** Packages every agent has installed when it registers, name to version. */
        public Builder installed(Map<String, String> installed) {
            this.installed = Map.copyOf(installed);
            return this;
        }

        public Builder agentVersion(String agentVersion) {
            this.agentVersion = Objects.requireNonNull(agentVersion);
            return this;
        }

        /** The {@code wait} of every long poll, 0 to 20. */
        public Builder pollWaitSeconds(int seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("wait must be >= 0");
            }
            this.pollWaitSeconds = seconds;
            return this;
        }

        public Builder outcomes(OutcomeModel outcomes) {
            this.outcomes = Objects.requireNonNull(outcomes);
            return this;
        }

        public Builder faults(FaultModel faults) {
            this.faults = Objects.requireNonNull(faults);
            return this;
        }

        /** Retry pauses on errors; defaults to the protocol's 1 s doubling to 5 min, tests use shorter ones. */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff);
            return this;
        }

        /** How many registrations are in flight at once during {@link #start()}. */
        public Builder registrationConcurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("registration concurrency must be >= 1");
            }
            this.registrationConcurrency = concurrency;
            return this;
        }

        /** Worker threads running the agents' continuations (they never block). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1");
            }
            this.threads = threads;
            return this;
        }

        /** Timeout of a request; a poll gets its {@code wait} on top. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Seed of every random choice (profiles, outcomes, durations, faults, jitter), for repeatable runs. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public FleetSimulator build() {
            if (activations.isEmpty()) {
                throw new IllegalStateException("an activation is required");
            }
            return new FleetSimulator(this);
        }
    }
}
