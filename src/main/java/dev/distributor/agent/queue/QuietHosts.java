package dev.distributor.agent.queue;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The hosts this replica knows have no command open (none queued, delivered, running or rebooting), so a poll of one is
 * answered "nothing" without a query (issue 20: no query while nothing is queued for the host; an idle fleet's polls
 * then cost the database nothing).
 *
 * <p>
 * A host only gets something to take when a command of it is sent, and every send NOTIFYs its host on
 * {@link CommandWakeups#CHANNEL} (the one other way out of "nothing open", a lease running out, needs a delivered
 * command, which is open). So a host stays quiet from a queue check that found nothing open until its next
 * notification. Three rules keep that safe:
 * <ul>
 * <li>a check is only believed for the hosts no notification named while it ran ({@link Check#end});</li>
 * <li>nothing is believed while the LISTEN connection is down, and everything is forgotten when it is LISTENing again
 * ({@link #relistened}), since notifications sent in between were lost;</li>
 * <li>a host is believed quiet for {@link #MAX_AGE} at most, so a command written to the table by hand, without a
 * notification, is still seen within that time.</li>
 * </ul>
 * Thread-safe: polls read it on any event loop; notifications and check results arrive on others.
 */
public final class QuietHosts {

    /** How long a check's "nothing open" is believed without a new check. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** Host id → when ({@link #nanos}) a check found it quiet. */
    private final Map<String, Long> quietSince = new ConcurrentHashMap<>();
    private final Set<Check> running = new HashSet<>();
    private final BooleanSupplier listening;
    private final LongSupplier nanos;
    /** False until the LISTEN connection first LISTENs: before that, notifications are not heard. */
    private boolean heard;

    /**
     * @param listening whether the LISTEN connection is open now
     * @param nanos a monotonic clock in nanoseconds ({@link System#nanoTime})
     */
    public QuietHosts(BooleanSupplier listening, LongSupplier nanos) {
        this.listening = listening;
        this.nanos = nanos;
    }

    /** Whether a poll of the host may be answered "nothing" without reading the queue. */
    public boolean isQuiet(String instanceId) {
        Long since = quietSince.get(instanceId);
        if (since == null) {
            return false;
        }
        if (!listening.getAsBoolean() || nanos.getAsLong() - since > MAX_AGE.toNanos()) {
            quietSince.remove(instanceId, since);
            return false;
        }
        return true;
    }

    /** A queue check about to read the database; {@link Check#end} or {@link Check#abandon} it. */
    public synchronized Check begin() {
        Check check = new Check();
        running.add(check);
        return check;
    }

    /** A command was sent to these hosts (a notification): none is quiet any more, whatever a running check finds. */
    public synchronized void sent(Collection<String> instanceIds) {
        running.forEach(check -> check.named.addAll(instanceIds));
        instanceIds.forEach(quietSince::remove);
    }

    /** The LISTEN connection LISTENs (again): what was missed while it was down is unknown, so forget everything. */
    public synchronized void relistened() {
        heard = true;
        running.forEach(check -> check.stale = true);
        quietSince.clear();
    }

    /** How many hosts are believed quiet now, for tests. */
    public int size() {
        return quietSince.size();
    }

    /** One queue check, from before its query to its answer. */
    public final class Check {
        private final Set<String> named = new HashSet<>();
        private boolean stale;

        private Check() {
        }

        /** The check found nothing open for {@code quiet}: each is believed quiet unless a notification named it since. */
        public void end(Collection<String> quiet) {
            synchronized (QuietHosts.this) {
                running.remove(this);
                if (stale || !heard || !listening.getAsBoolean()) {
                    return;
                }
                long now = nanos.getAsLong();
                for (String instanceId : quiet) {
                    if (!named.contains(instanceId)) {
                        quietSince.put(instanceId, now);
                    }
                }
            }
        }

        /** The check failed: it teaches nothing. */
        public void abandon() {
            synchronized (QuietHosts.this) {
                running.remove(this);
            }
        }
    }
}
