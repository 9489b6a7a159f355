package dev.distributor.common.db;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;

import dev.distributor.common.work.StartupGate;

/**
 * The replica's one LISTEN connection to PostgreSQL (DESIGN.md §6, §10), shared by every feature that needs to hear of
 * commits made on any replica. It is a dedicated connection outside the pool, named {@value #APPLICATION_NAME} in
 * {@code pg_stat_activity}, and must not go through a transaction-mode pooler.
 *
 * <p>
 * A notification is only a hint: it is lost while the connection is down, so a feature's {@code listening} callback
 * runs after every (re)connection and must re-read what it may have missed. A lost connection is re-established with
 * exponential back-off ({@link #reconnectDelayMillis}: 100 ms doubling to 5 s), for as long as the service runs.
 */
@ApplicationScoped
public class Notifications {

    /** The {@code application_name} of the LISTEN connection, to find it in {@code pg_stat_activity}. */
    public static final String APPLICATION_NAME = "distributor-listen";

    private static final Logger LOG = Logger.getLogger(Notifications.class);

    private record Listener(String channel, Consumer<String> onNotice, Runnable listening) {
    }

    private final Vertx vertx;
    private final String url;
    private final String user;
    private final String password;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile PgSubscriber subscriber;

    public Notifications(Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password, MeterRegistry registry) {
        this.vertx = vertx;
        // Read at each scrape from the subscriber's own state: 1 while a connection is open (and LISTENing), 0 while
        // it is down or being re-established. An alert fires when it stays 0 (deploy/prometheus/alerts.yml).
        Gauge.builder("distributor.listen.connection.up", this, Notifications::connectionUp)
                .description("1 while this replica's LISTEN connection to PostgreSQL is open, else 0")
                .register(registry);
        this.url = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        this.user = user;
        this.password = password;
    }

    /**
     * Calls {@code onNotice} with each notification's payload on {@code channel}, on the listener's event loop (keep it
     * short, never block), and {@code listening} each time the channel is LISTENed to again: at the start and after
     * every reconnection. Features call it from a {@code StartupEvent} observer of default priority, before the
     * connection opens; a later call LISTENs on the open connection.
     */
    public synchronized void listen(String channel, Consumer<String> onNotice, Runnable listening) {
        Listener listener = new Listener(channel, onNotice, listening);
        listeners.add(listener);
        if (subscriber != null) {
            // Registered after the connection opened: LISTEN now, on the open connection.
            attach(listener);
        }
    }

    /** 1 while the LISTEN connection is open, else 0 ({@link #isOpen}: safe on any thread, at every scrape). */
    double connectionUp() {
        return isOpen() ? 1 : 0;
    }

    /**
     * Whether the LISTEN connection is open now; while it is not, notifications are being lost. Safe on any thread: a
     * volatile read and two of PgSubscriber's synchronized getters, uncontended but for the moment a notification
     * arrives (every poll of a quiet host asks). PgSubscriber tells nobody when it loses the connection, so a flag of our
     * own could not be kept true.
     */
    public boolean isOpen() {
        PgSubscriber current = subscriber;
        return current != null && !current.closed() && current.getDelegate().actualConnection() != null;
    }

    /** Delay before reconnection attempt {@code retries} (0-based): 100 ms doubling to 5 s. */
    static long reconnectDelayMillis(int retries) {
        return Math.min(5_000L, 100L << Math.min(retries, 6));
    }

    // After the features' observers (default priority 2500) registered their channels.
    /** Set at shutdown, when the connection closing is expected and not worth a warning. */
    private volatile boolean stopping;

    void connect(@Observes @Priority(3000) StartupEvent start, StartupGate gate) {
        // Not before the schema exists: the features' listening callbacks read the tables.
        gate.whenOpen(this::connect);
    }

    private synchronized void connect() {
        if (stopping) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user).setPassword(password)
                .setProperties(Map.of("application_name", APPLICATION_NAME))
                // Quarkus names a SQL connection's client metrics "<prefix>.queue.size" and so on, after the part of
                // the metrics name before '|'. Without a name they were ".queue.size": exported as m__queue_size and
                // registered again at every reconnection ("Gauge already registered"). Named, they sit beside the
                // pool's as postgresql_*{clientName="distributor-listen"}.
                .setMetricsName("postgresql|" + APPLICATION_NAME);
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(Notifications::reconnectDelayMillis);
        listeners.forEach(this::attach);
        subscriber.closeHandler(() -> {
            if (!stopping) {
                LOG.warn("LISTEN connection closed for good; replicas' notifications are no longer heard here");
            }
        });
        open(0);
    }

    /**
     * Opens the connection, retrying with {@link #reconnectDelayMillis} while it fails: PgSubscriber applies its
     * reconnect policy only to a connection that closes, not to a first attempt that fails (the database not up yet).
     */
    private void open(int attempt) {
        subscriber.connect().subscribe().with(
                ok -> LOG.debugf("Listening on %d channels", listeners.size()),
                failure -> {
                    LOG.warnf("Could not open the LISTEN connection (attempt %d): %s; retrying", attempt + 1,
                            failure.getMessage());
                    vertx.setTimer(reconnectDelayMillis(attempt), id -> {
                        if (!subscriber.closed()) {
                            open(attempt + 1);
                        }
                    });
                });
    }

    private void attach(Listener listener) {
        subscriber.channel(listener.channel())
                .handler(payload -> {
                    try {
                        listener.onNotice().accept(payload);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "Handling a notification on %s failed", listener.channel());
                    }
                })
                .subscribeHandler(listener.listening());
    }

    synchronized void stop(@Observes ShutdownEvent stop) {
        stopping = true;
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }
}
