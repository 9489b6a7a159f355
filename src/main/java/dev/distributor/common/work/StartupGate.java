package dev.distributor.common.work;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;

/**
 * Opens once every {@link StartupStep} has succeeded; until then the replica is live but not ready (readiness check
 * "Startup", {@link StartupReadiness}) and its background work waits: periodic jobs start through {@link #whenOpen},
 * {@code @Scheduled} methods skip their runs with {@code skipExecutionIf = StartupGate.Closed.class}, and the LISTEN
 * connection opens only then.
 *
 * <p>
 * At start every step runs once on the boot thread, before other startup observers (priority {@value #PRIORITY}): with
 * the database and the bucket up, the gate is open before the service takes its first request, as a start with
 * Flyway's migrate-at-start was. A step that fails is retried on the gate's own thread, {@link #retryDelayMillis}
 * apart (500 ms doubling to 10 s), for as long as the service runs; the failure is logged at each attempt's first
 * line, so a database that comes up a minute late costs a minute and some warnings, not a crash loop.
 */
@ApplicationScoped
public class StartupGate {

    /** The priority of the start observer: after access-mode checks (1), before features' observers (2500). */
    static final int PRIORITY = 100;

    private static final Logger LOG = Logger.getLogger(StartupGate.class);

    private final List<StartupStep> steps;
    // Guarded by this: each pending step's last failure (absent before its first attempt), and the actions to run at
    // opening.
    private final Map<String, String> pending = new LinkedHashMap<>();
    private final List<Runnable> onOpen = new ArrayList<>();
    private volatile boolean open;
    private volatile boolean stopping;
    private ScheduledExecutorService retries;

    public StartupGate(Instance<StartupStep> steps) {
        this.steps = steps.stream().toList();
        this.steps.forEach(step -> pending.put(step.name(), "not tried yet"));
    }

    /** Whether every step has succeeded. */
    public boolean isOpen() {
        return open;
    }

    /**
     * Runs {@code action} once the gate is open: now, on the caller's thread, when it is open already; else on the
     * gate's thread right after the last step succeeded. Never after shutdown began.
     */
    public void whenOpen(Runnable action) {
        synchronized (this) {
            if (!open) {
                onOpen.add(action);
                return;
            }
        }
        action.run();
    }

    /** The steps that have not succeeded yet, each with its last failure; empty once open. */
    public synchronized Map<String, String> pending() {
        return Map.copyOf(pending);
    }

    /** Delay before retry {@code attempt} (1-based): 500 ms doubling to 10 s. */
    static long retryDelayMillis(int attempt) {
        return Math.min(10_000L, 500L << Math.min(Math.max(attempt - 1, 0), 5));
    }

    void start(@Observes @Priority(PRIORITY) StartupEvent start) {
        List<StartupStep> failed = steps.stream().filter(step -> !attempt(step, 1)).toList();
        if (failed.isEmpty()) {
            openNow();
            return;
        }
        retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "startup-gate");
            thread.setDaemon(true);
            return thread;
        });
        LOG.warnf("Not ready yet: %s did not succeed; retrying in the background (live, not ready)",
                failed.stream().map(StartupStep::name).toList());
        failed.forEach(step -> retry(step, 2));
    }

    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
        synchronized (this) {
            onOpen.clear();
        }
        if (retries != null) {
            retries.shutdownNow();
        }
    }

    private void retry(StartupStep step, int attempt) {
        retries.schedule(() -> {
            if (stopping) {
                return;
            }
            if (attempt(step, attempt)) {
                boolean last;
                synchronized (this) {
                    last = pending.isEmpty();
                }
                if (last) {
                    openNow();
                }
            } else {
                retry(step, attempt + 1);
            }
        }, retryDelayMillis(attempt - 1), TimeUnit.MILLISECONDS);
    }

    /** Runs the step once; true when it succeeded. */
    private boolean attempt(StartupStep step, int attempt) {
        try {
            step.run();
        } catch (Exception | LinkageError e) {
            String cause = firstLine(e);
            synchronized (this) {
                pending.put(step.name(), cause);
            }
            if (attempt > 1) {
                LOG.warnf("Startup step \"%s\" failed (attempt %d): %s; retrying", step.name(), attempt, cause);
            } else {
                LOG.warnf("Startup step \"%s\" failed: %s", step.name(), cause);
            }
            return false;
        }
        synchronized (this) {
            pending.remove(step.name());
        }
        if (attempt > 1) {
            LOG.infof("Startup step \"%s\" succeeded (attempt %d)", step.name(), attempt);
        }
        return true;
    }

    private void openNow() {
        List<Runnable> actions;
        synchronized (this) {
            if (open) {
                return;
            }
            open = true;
            actions = List.copyOf(onOpen);
            onOpen.clear();
        }
        if (retries != null) {
            LOG.info("Startup steps done: ready");
            retries.shutdown();
        }
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.error("An action waiting for the startup gate failed", e);
            }
        }
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    /**
     * For {@code @Scheduled(skipExecutionIf = StartupGate.Closed.class)}: skips a scheduled run while the gate is
     * closed (the schema may not exist yet, the database may not answer).
     */
    @Singleton
    public static class Closed implements Scheduled.SkipPredicate {

        private final StartupGate gate;

        public Closed(StartupGate gate) {
            this.gate = gate;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !gate.isOpen();
        }
    }
}
