package dev.distributor.ssm.local;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The failures a test asks the local endpoint to inject. Operation names are SSM's ({@code SendCommand}); {@code "*"}
 * stands for every operation. A throttled request answers HTTP 400 {@code ThrottlingException} (what SSM answers past
 * its rate limits, and what the SDK classifies as throttling); a denied one {@code AccessDeniedException}. Both are
 * counted by {@link LocalSsmEndpoint#calls(String)} and have no effect on the endpoint's state.
 */
public final class Faults {

    /** How long an invocation stays Pending before it may start, unless a test says otherwise. */
    public static final Duration DEFAULT_START_DELAY = Duration.ofMillis(100);

    private static final String EVERY = "*";

    private final Map<String, Double> fractions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> next = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private volatile Duration startDelay = DEFAULT_START_DELAY;

    Faults() {
    }

    /** Refuses this fraction (0..1) of the requests of {@code operation} ({@code "*"}: every operation) at random. */
    public Faults throttle(String operation, double fraction) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be within 0..1: " + fraction);
        }
        fractions.put(operation, fraction);
        return this;
    }

    /** Refuses the next {@code count} requests of {@code operation} ({@code "*"}: of any operation). */
    public Faults throttleNext(String operation, int count) {
        next.computeIfAbsent(operation, k -> new AtomicInteger()).addAndGet(count);
        return this;
    }

    /** Answers every request of {@code operation} with AccessDeniedException (an IAM policy without the action). */
    public Faults denyAccess(String operation) {
        denied.add(operation);
        return this;
    }

    /** How long every invocation accepted from now on stays Pending before it goes InProgress (default 100 ms). */
    public Faults startDelay(Duration delay) {
        startDelay = delay;
        return this;
    }

    /** Back to no faults and the default start delay. */
    public void clear() {
        fractions.clear();
        next.clear();
        denied.clear();
        startDelay = DEFAULT_START_DELAY;
    }

    Duration startDelay() {
        return startDelay;
    }

    /** The refusal for one request of {@code operation}, if a fault applies to it. */
    Optional<SsmError> refusal(String operation) {
        if (denied.contains(operation) || denied.contains(EVERY)) {
            return Optional.of(new SsmError("AccessDeniedException", "User: arn:aws:iam::123456789012:user/test"
                    + " is not authorized to perform: ssm:" + operation + " (local endpoint fault)"));
        }
        if (takeNext(operation) || takeNext(EVERY) || random(operation) || random(EVERY)) {
            return Optional.of(new SsmError("ThrottlingException", "Rate exceeded (local endpoint fault)"));
        }
        return Optional.empty();
    }

    private boolean takeNext(String key) {
        AtomicInteger left = next.get(key);
        return left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    private boolean random(String key) {
        Double fraction = fractions.get(key);
        return fraction != null && ThreadLocalRandom.current().nextDouble() < fraction;
    }
}
