package dev.distributor.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the whole simulated fleet saw and did, for assertions and the CLI summary. Thread-safe; every figure is a live
 * counter, so read it inside an await rather than once.
 */
public final class FleetObservations {

    /**
     * One command arriving in a poll's answer.
     *
     * @param instanceId the agent that received it
     * @param commandId COMMAND_ID
     * @param receivedAt wall-clock time of receipt
     * @param receivedNanos {@link System#nanoTime()} at receipt, to measure latencies against a caller's nanoTime
     * @param delivery 1 for the first time this agent saw the id, 2 for a redelivery, ...
     * @param dropped the agent ignored this answer (a simulated lost response)
     */
    public record Receipt(String instanceId, String commandId, Instant receivedAt, long receivedNanos, int delivery,
            boolean dropped) {
    }

    /**
     * One status report and the service's verdict on it.
     *
     * @param httpStatus the answer's status, or -1 when the request failed on the network
     * @param accepted the answer's ACCEPTED, null when absent
     * @param reason the answer's REASON, null when absent
     * @param sentAt when the agent first sent the report (before the service committed it)
     * @param at when its answer arrived (after the commit)
     */
    public record Report(String instanceId, String commandId, String status, String step, Integer exitCode,
            int httpStatus, Boolean accepted, String reason, Instant sentAt, Instant at) {
    }

    private final LongAdder registrations = new LongAdder();
    private final LongAdder pollsStarted = new LongAdder();
    private final LongAdder pollsAnswered = new LongAdder();
    private final LongAdder pollsEmpty = new LongAdder();
    private final LongAdder pollsWithCommand = new LongAdder();
    private final LongAdder pollsFailed = new LongAdder();
    private final LongAdder pollsCancelled = new LongAdder();
    private final LongAdder inventories = new LongAdder();
    private final LongAdder restarts = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> finalStatuses = new ConcurrentHashMap<>();
    private final Map<String, List<Receipt>> receipts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final Map<String, List<Report>> reports = new ConcurrentHashMap<>();

    // --- recording (called by the agents) ---

    void registered() {
        registrations.increment();
    }

    void pollStarted() {
        pollsStarted.increment();
    }

    void pollAnswered(boolean withCommand) {
        pollsAnswered.increment();
        (withCommand ? pollsWithCommand : pollsEmpty).increment();
    }

    /** A poll that got an error status or no answer at all. */
    void pollFailed(String error) {
        pollsFailed.increment();
        error("poll " + error);
    }

    /** A poll whose answer no longer mattered: the agent stopped or restarted while it was held. */
    void pollCancelled() {
        pollsCancelled.increment();
    }

    void error(String key) {
        errors.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    void inventorySent() {
        inventories.increment();
    }

    void restarted() {
        restarts.increment();
    }

    Receipt received(String instanceId, String commandId, boolean dropped) {
        List<Receipt> list = receipts.computeIfAbsent(commandId, k -> new CopyOnWriteArrayList<>());
        synchronized (list) {
            int delivery = (int) list.stream().filter(r -> r.instanceId().equals(instanceId)).count() + 1;
            Receipt receipt = new Receipt(instanceId, commandId, Instant.now(), System.nanoTime(), delivery, dropped);
            list.add(receipt);
            return receipt;
        }
    }

    void executed(String commandId) {
        executions.computeIfAbsent(commandId, k -> new AtomicInteger()).incrementAndGet();
    }

    void reported(Report report) {
        reports.computeIfAbsent(report.commandId(), k -> new CopyOnWriteArrayList<>()).add(report);
        if (Boolean.TRUE.equals(report.accepted()) && !Outcome.IN_PROGRESS.equals(report.status())) {
            String key = report.status() + (report.step() == null ? "" : " (" + report.step() + ")");
            finalStatuses.computeIfAbsent(key, k -> new LongAdder()).increment();
        }
    }

    // --- reading ---

    public long registrations() {
        return registrations.sum();
    }

    public long pollsStarted() {
        return pollsStarted.sum();
    }

    /** Polls that got an HTTP answer of 200 or 204. */
    public long pollsAnswered() {
        return pollsAnswered.sum();
    }

    public long pollsEmpty() {
        return pollsEmpty.sum();
    }

    public long pollsWithCommand() {
        return pollsWithCommand.sum();
    }

    public long pollsFailed() {
        return pollsFailed.sum();
    }

    /** Polls abandoned because their agent stopped or restarted meanwhile. */
    public long pollsCancelled() {
        return pollsCancelled.sum();
    }

    /** Polls sent and not yet answered, failed or abandoned. */
    public long pollsInFlight() {
        return pollsStarted() - pollsAnswered() - pollsFailed() - pollsCancelled();
    }

    public long inventories() {
        return inventories.sum();
    }

    public long restarts() {
        return restarts.sum();
    }

    /** Error counts keyed by call and HTTP status or failure, e.g. {@code "poll 503"}, {@code "status network"}. */
    public Map<String, Long> errors() {
        Map<String, Long> copy = new TreeMap<>();
        errors.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Accepted final reports keyed by status and step. */
    public Map<String, Long> finalStatuses() {
        Map<String, Long> copy = new TreeMap<>();
        finalStatuses.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }

    public List<Receipt> receipts(String commandId) {
        return List.copyOf(receipts.getOrDefault(commandId, List.of()));
    }

    public long commandsReceived() {
        return receipts.size();
    }

    /** The first time any agent received the command, dropped or not. */
    public Optional<Receipt> firstReceipt(String commandId) {
        return receipts(commandId).stream().findFirst();
    }

    /** From the caller's {@code System.nanoTime()} (taken just before queueing) to the command's first receipt. */
    public Optional<Duration> wakeUpLatency(String commandId, long queuedAtNanos) {
        return firstReceipt(commandId).map(r -> Duration.ofNanos(r.receivedNanos() - queuedAtNanos));
    }

    /** How many times the simulated host started the command's scripts: the protocol wants at most 1. */
    public int executions(String commandId) {
        AtomicInteger count = executions.get(commandId);
        return count == null ? 0 : count.get();
    }

    public Map<String, Integer> executions() {
        Map<String, Integer> copy = new TreeMap<>();
        executions.forEach((id, count) -> copy.put(id, count.get()));
        return copy;
    }

    public long commandsExecuted() {
        return executions.size();
    }

    public List<Report> reports(String commandId) {
        return List.copyOf(reports.getOrDefault(commandId, List.of()));
    }

    /** One line for logs and the CLI. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        parts.add("registered=" + registrations());
        parts.add("polls started=" + pollsStarted() + " answered=" + pollsAnswered() + " (empty=" + pollsEmpty()
                + ", command=" + pollsWithCommand() + ") failed=" + pollsFailed() + " cancelled=" + pollsCancelled()
                + " in-flight=" + pollsInFlight());
        parts.add("commands received=" + commandsReceived() + " executed=" + commandsExecuted());
        parts.add("final=" + finalStatuses());
        parts.add("restarts=" + restarts());
        parts.add("inventories=" + inventories());
        parts.add("errors=" + errors());
        return String.join(" | ", parts);
    }
}
