package dev.distributor.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import dev.distributor.simulator.AgentApiClient.Answer;
import dev.distributor.simulator.FleetObservations.Receipt;
import dev.distributor.simulator.FleetObservations.Report;

/**
 * One simulated host: registers, sends its inventory, then long-polls and "runs" what it is given, one command at a
 * time, as docs/AGENT-PROTOCOL.md asks of a real agent. No thread is its own: every step is a continuation of an HTTP
 * answer or a timer, so an idle agent is one open socket.
 * <p>
 * State is split as on a real host. <em>Durable</em> (the state directory, survives {@link #restart}): identity and
 * token, the commands already started with their last status, the command running, installed packages.
 * <em>In memory</em> (lost on restart): the retry count and the timers and requests of the current incarnation, which
 * every continuation checks before acting, so a restart or a stop silently ends the old incarnation's work.
 */
public final class SimulatedAgent {

    /** Exit code reported for a command interrupted by a restart: the agent never saw its scripts end. */
    public static final int RESTART_EXIT_CODE = -1;
    public static final String RESTART_STEP = "agent-restarted";
    /** The protocol's limit on the OUTPUT tail, in characters after decoding. */
    static final int OUTPUT_LIMIT = 24_000;

    /** What the state directory keeps about a started command. */
    record CommandRecord(String status, Integer exitCode, String step, boolean rebootRequired, String output) {
    }

    private final FleetSimulator.Shared shared;
    private final int index;
    private final String hostname;
    private final FleetSimulator.Activation activation;
    private final HostProfile profile;
    private final Random random;

    // Durable: survives a simulated restart.
    private volatile String instanceId;
    private volatile String token;
    private final Map<String, CommandRecord> started = new ConcurrentHashMap<>();
    private volatile String runningCommandId;
    private final Map<String, String> installed = new TreeMap<>();
    /** When set, this host's commands end as this model says instead of the fleet's (a host gone bad, or fixed). */
    private volatile OutcomeModel outcomes;

    // Observations, kept across restarts (they are the test's, not the host's).
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> executions = new ConcurrentHashMap<>();
    private final LongAdder polls = new LongAdder();
    private final LongAdder pollsAnswered = new LongAdder();

    // In memory: one incarnation of the agent process.
    private int incarnation;
    private int consecutiveFailures;
    private volatile boolean stopping;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

    SimulatedAgent(FleetSimulator.Shared shared, int index, String hostname, FleetSimulator.Activation activation,
            HostProfile profile, Map<String, String> installed, long seed) {
        this.shared = shared;
        this.index = index;
        this.hostname = hostname;
        this.activation = activation;
        this.profile = profile;
        this.random = new Random(seed);
        this.installed.putAll(installed);
    }

    // --- what tests read ---

    public int index() {
        return index;
    }

    public String hostname() {
        return hostname;
    }

    public HostProfile profile() {
        return profile;
    }

    /** The INSTANCE_ID the service gave, null before registration. */
    public String instanceId() {
        return instanceId;
    }

    public boolean registered() {
        return token != null;
    }

    /** The simulated installed packages, name to version. */
    public Map<String, String> installed() {
        synchronized (installed) {
            return Map.copyOf(installed);
        }
    }

    /** Every command answer this agent received, in order, dropped ones included. */
    public List<Receipt> receipts() {
        return List.copyOf(receipts);
    }

    /** How many times this host started the command's scripts (0 or 1 if the protocol holds). */
    public int executions(String commandId) {
        return executions.getOrDefault(commandId, 0);
    }

    /** The last status the host recorded for a command it started, or null. */
    public String recordedStatus(String commandId) {
        CommandRecord record = started.get(commandId);
        return record == null ? null : record.status();
    }

    /** Polls this agent sent. */
    public long polls() {
        return polls.sum();
    }

    /** Polls of this agent answered 200 or 204. */
    public long pollsAnswered() {
        return pollsAnswered.sum();
    }

    /**
     * Makes this host's next commands end as {@code model} says instead of as the fleet's model does (null goes back
     * to the fleet's): a test picks exactly which hosts fail, and can "fix" them before a retry.
     */
    public void outcomes(OutcomeModel model) {
        this.outcomes = model;
    }

    /** How many times this host started each command's scripts, by command id (1 each if the protocol holds). */
    public Map<String, Integer> executions() {
        return Map.copyOf(executions);
    }

    // --- life cycle ---

    /** Registers, then runs in the background; completes once registered, exceptionally when refused. */
    CompletableFuture<Void> start() {
        int inc = currentIncarnation();
        CompletableFuture<Void> registeredFuture = new CompletableFuture<>();
        withRetry(inc, "register", () -> shared.api().register(registrationForm()))
                .whenComplete((answer, error) -> {
                    if (error != null || answer == null) {
                        registeredFuture.completeExceptionally(
                                error != null ? error : new IllegalStateException(hostname + ": stopped"));
                        return;
                    }
                    if (answer.status() != 201 && answer.status() != 200) {
                        registeredFuture.completeExceptionally(new IllegalStateException(
                                hostname + ": registration refused: " + answer));
                        return;
                    }
                    instanceId = answer.value("INSTANCE_ID");
                    token = answer.value("TOKEN");
                    if (instanceId == null || token == null) {
                        registeredFuture.completeExceptionally(new IllegalStateException(
                                hostname + ": registration answer lacks INSTANCE_ID or TOKEN: " + answer));
                        return;
                    }
                    shared.observations().registered();
                    registeredFuture.complete(null);
                    boot(inc);
                });
        return registeredFuture;
    }

    /** Stops this agent: no further request is sent, and the ones in flight (held polls) are cancelled. */
    void stop() {
        stopping = true;
        for (CompletableFuture<?> request : inFlight) {
            request.cancel(true);
        }
    }

    /**
     * Simulates the agent process restarting now: in-memory state is gone, the durable state is read back, and an
     * unfinished command is reported FAILED with {@value #RESTART_STEP}.
     */
    public void restart() {
        int inc = nextIncarnation();
        if (inc < 0) {
            return;
        }
        shared.observations().restarted();
        boot(inc);
    }

    /**
     * Takes this host off the network: it stops polling at once (its held poll is dropped) and sends nothing until
     * {@link #comeBack}. What it keeps on disk stays; a command it was running never reports (use it on an idle host).
     */
    public void goOffline() {
        // A new incarnation with no loop: every continuation of the old one sees it is no longer alive.
        if (nextIncarnation() < 0) {
            return;
        }
        for (CompletableFuture<?> request : inFlight) {
            request.cancel(true);
        }
    }

    /** Brings a host that went offline back: it polls again, as the same agent process. */
    public void comeBack() {
        int inc = nextIncarnation();
        if (inc >= 0) {
            poll(inc);
        }
    }

    /**
     * Starts a new incarnation, so every continuation of the current one stops, with a fresh backoff; -1 when the
     * agent is stopped or not registered (nothing to restart).
     */
    private synchronized int nextIncarnation() {
        if (stopping || token == null) {
            return -1;
        }
        consecutiveFailures = 0;
        return ++incarnation;
    }

    private void boot(int inc) {
        String unfinished = runningCommandId;
        CompletableFuture<Void> recovered = CompletableFuture.completedFuture(null);
        if (unfinished != null) {
            CommandRecord failed = new CommandRecord(Outcome.FAILED, RESTART_EXIT_CODE, RESTART_STEP, false,
                    tail("agent restarted while the command ran; its process group was killed\n"));
            started.put(unfinished, failed);
            runningCommandId = null;
            recovered = report(inc, unfinished, failed).thenApply(answer -> null);
        }
        recovered.thenCompose(ignored -> sendInventory(inc))
                .whenComplete((ignored, error) -> poll(inc));
    }

    // --- the poll loop ---

    private void poll(int inc) {
        if (!alive(inc)) {
            return;
        }
        shared.observations().pollStarted();
        polls.increment();
        track(inc, shared.api().nextCommand(token, shared.pollWaitSeconds()))
                .whenComplete((answer, error) -> {
                    if (!alive(inc)) {
                        shared.observations().pollCancelled();
                        return;
                    }
                    if (error != null) {
                        shared.observations().pollFailed("network");
                        retryLater(inc, () -> poll(inc));
                    } else if (answer.status() == 204) {
                        pollsAnswered.increment();
                        shared.observations().pollAnswered(false);
                        succeeded(inc);
                        after(inc, Duration.ofSeconds(answer.nextPollSeconds()), () -> poll(inc));
                    } else if (answer.status() == 200) {
                        pollsAnswered.increment();
                        shared.observations().pollAnswered(true);
                        succeeded(inc);
                        onCommand(inc, answer);
                    } else {
                        shared.observations().pollFailed(String.valueOf(answer.status()));
                        retryLater(inc, () -> poll(inc));
                    }
                });
    }

    private void onCommand(int inc, Answer answer) {
        AgentCommand command;
        try {
            command = AgentCommand.from(answer.values());
        } catch (IllegalArgumentException e) {
            shared.observations().error("poll malformed");
            retryLater(inc, () -> poll(inc));
            return;
        }
        Duration nextPoll = Duration.ofSeconds(answer.nextPollSeconds());
        FaultModel faults = shared.faults();
        boolean firstSight = seen.add(command.id());
        boolean drop = chance(faults.dropDeliveryRate()) || (firstSight && chance(faults.dropFirstDeliveryRate()));
        Receipt receipt = shared.observations().received(instanceId, command.id(), drop);
        receipts.add(receipt);
        if (drop) {
            // The answer "never arrived": like a connection that died, retried after the first backoff step.
            after(inc, shared.backoff().pause(1, random), () -> poll(inc));
            return;
        }
        CommandRecord known = started.get(command.id());
        if (known != null) {
            // Started before (a redelivery, or after a restart): never run again, only say where it stands.
            report(inc, command.id(), known).thenRun(() -> after(inc, nextPoll, () -> poll(inc)));
            return;
        }
        execute(inc, command, nextPoll);
    }

    private void execute(int inc, AgentCommand command, Duration nextPoll) {
        String id = command.id();
        // Recorded durably before anything runs: the at-most-once half of the protocol.
        CommandRecord inProgress = new CommandRecord(Outcome.IN_PROGRESS, null, null, false, null);
        started.put(id, inProgress);
        runningCommandId = id;
        OutcomeModel model = outcomes;
        Outcome outcome = (model != null ? model : shared.outcomes()).sample(random);
        report(inc, id, inProgress).thenAccept(answer -> {
            if (!alive(inc)) {
                return;
            }
            if (answer != null && (!answer.ok() || "finished".equals(answer.value("REASON")))) {
                // The service no longer wants it (cancelled, given up, not ours): do not run it.
                started.put(id, new CommandRecord(Outcome.FAILED, RESTART_EXIT_CODE, "refused-by-service", false,
                        null));
                runningCommandId = null;
                after(inc, nextPoll, () -> poll(inc));
                return;
            }
            executions.merge(id, 1, Integer::sum);
            shared.observations().executed(id);
            if (chance(shared.faults().restartMidCommandRate())) {
                long at = (long) (outcome.duration().toMillis() * random.nextDouble());
                after(inc, Duration.ofMillis(at), () -> {
                    if (alive(inc) && id.equals(runningCommandId)) {
                        restart();
                    }
                });
            }
            after(inc, outcome.duration(), () -> finish(inc, command, outcome, nextPoll));
        });
    }

    private void finish(int inc, AgentCommand command, Outcome outcome, Duration nextPoll) {
        if (!command.id().equals(runningCommandId)) {
            return;
        }
        String step = outcome.succeeded() ? null : (command.isUninstall() ? "uninstall" : "install");
        CommandRecord done = new CommandRecord(outcome.status(), outcome.exitCode(), step, outcome.rebootRequired(),
                tail(outputOf(command, outcome)));
        started.put(command.id(), done);
        runningCommandId = null;
        if (outcome.succeeded()) {
            synchronized (installed) {
                if (command.isUninstall()) {
                    installed.remove(command.packageName());
                } else {
                    installed.put(command.packageName(), command.version());
                }
            }
        }
        report(inc, command.id(), done)
                .thenCompose(answer -> sendInventory(inc))
                .thenRun(() -> after(inc, nextPoll, () -> poll(inc)));
    }

    // --- calls ---

    private CompletableFuture<Answer> report(int inc, String commandId, CommandRecord record) {
        List<Map.Entry<String, String>> form = new ArrayList<>();
        form.add(Map.entry("STATUS", record.status()));
        if (record.exitCode() != null) {
            form.add(Map.entry("EXIT_CODE", String.valueOf(record.exitCode())));
        }
        if (record.rebootRequired()) {
            form.add(Map.entry("REBOOT_REQUIRED", "true"));
        }
        if (record.step() != null) {
            form.add(Map.entry("STEP", record.step()));
        }
        if (record.output() != null) {
            form.add(Map.entry("OUTPUT", record.output()));
        }
        Instant sentAt = Instant.now();
        return withRetry(inc, "status", () -> shared.api().reportStatus(token, commandId, form))
                .thenApply(answer -> {
                    if (answer != null) {
                        String accepted = answer.value("ACCEPTED");
                        shared.observations().reported(new Report(instanceId, commandId, record.status(),
                                record.step(), record.exitCode(), answer.status(),
                                accepted == null ? null : Boolean.valueOf(accepted), answer.value("REASON"),
                                sentAt, Instant.now()));
                    }
                    return answer;
                });
    }

    private CompletableFuture<Void> sendInventory(int inc) {
        List<Map.Entry<String, String>> form = new ArrayList<>();
        installedFields(form);
        form.add(Map.entry("PLATFORM_VERSION", profile.platformVersion()));
        form.add(Map.entry("AGENT_VERSION", shared.agentVersion()));
        form.add(Map.entry("HOSTNAME", hostname));
        return withRetry(inc, "inventory", () -> shared.api().inventory(token, form))
                .thenAccept(answer -> {
                    if (answer != null && answer.ok()) {
                        shared.observations().inventorySent();
                    }
                });
    }

    private List<Map.Entry<String, String>> registrationForm() {
        List<Map.Entry<String, String>> form = new ArrayList<>();
        form.add(Map.entry("ACTIVATION_ID", activation.id()));
        form.add(Map.entry("ACTIVATION_CODE", activation.code()));
        form.add(Map.entry("HOSTNAME", hostname));
        form.add(Map.entry("PLATFORM", profile.platform()));
        form.add(Map.entry("PLATFORM_VERSION", profile.platformVersion()));
        form.add(Map.entry("ARCH", profile.arch()));
        form.add(Map.entry("AGENT_VERSION", shared.agentVersion()));
        installedFields(form);
        return form;
    }

    private void installedFields(List<Map.Entry<String, String>> form) {
        synchronized (installed) {
            installed.forEach((name, version) -> form.add(Map.entry("INSTALLED", name + "=" + version)));
        }
    }

    /**
     * Sends a request until it gets an answer below 500, backing off with jitter on network failures and 5xx as the
     * protocol says; 4xx answers are returned to the caller (and counted as errors). Completes with null when this
     * incarnation ended meanwhile.
     */
    private CompletableFuture<Answer> withRetry(int inc, String call, Supplier<CompletableFuture<Answer>> request) {
        CompletableFuture<Answer> result = new CompletableFuture<>();
        attempt(inc, call, request, result, 1);
        return result;
    }

    private void attempt(int inc, String call, Supplier<CompletableFuture<Answer>> request,
            CompletableFuture<Answer> result, int attempt) {
        if (!alive(inc)) {
            result.complete(null);
            return;
        }
        track(inc, request.get()).whenComplete((answer, error) -> {
            if (!alive(inc)) {
                result.complete(null);
                return;
            }
            if (error == null && answer.status() < 500) {
                if (!answer.ok()) {
                    shared.observations().error(call + " " + answer.status());
                }
                result.complete(answer);
                return;
            }
            shared.observations().error(call + " " + (error == null ? answer.status() : "network"));
            after(inc, shared.backoff().pause(attempt, random), () -> attempt(inc, call, request, result,
                    attempt + 1));
        });
    }

    private <T> CompletableFuture<T> track(int inc, CompletableFuture<T> request) {
        inFlight.add(request);
        request.whenComplete((value, error) -> inFlight.remove(request));
        if (stopping) {
            request.cancel(true);
        }
        return request;
    }

    private void retryLater(int inc, Runnable next) {
        int failures;
        synchronized (this) {
            failures = ++consecutiveFailures;
        }
        after(inc, shared.backoff().pause(failures, random), next);
    }

    private synchronized void succeeded(int inc) {
        if (inc == incarnation) {
            consecutiveFailures = 0;
        }
    }

    private void after(int inc, Duration delay, Runnable next) {
        if (!alive(inc)) {
            return;
        }
        Runnable guarded = () -> {
            if (alive(inc)) {
                next.run();
            }
        };
        if (delay.isZero() || delay.isNegative()) {
            shared.executor().execute(guarded);
        } else {
            shared.scheduler().schedule(() -> shared.executor().execute(guarded), delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private synchronized int currentIncarnation() {
        return incarnation;
    }

    private synchronized boolean alive(int inc) {
        return !stopping && inc == incarnation;
    }

    private boolean chance(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }

    private String outputOf(AgentCommand command, Outcome outcome) {
        return hostname + ": " + command.action() + " " + command.packageName() + " " + command.version()
                + " (simulated, " + outcome.duration().toMillis() + " ms)\n"
                + "exit " + outcome.exitCode() + (outcome.rebootRequired() ? ", reboot required" : "") + "\n";
    }

    /** The base64 of the last {@value #OUTPUT_LIMIT} characters, as the protocol wants the OUTPUT field. */
    static String tail(String output) {
        String tail = output.length() > OUTPUT_LIMIT ? output.substring(output.length() - OUTPUT_LIMIT) : output;
        return Base64.getEncoder().encodeToString(tail.getBytes(StandardCharsets.UTF_8));
    }
}
