package dev.distributor.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What one IT class runs its replicas on: the emptied IT database ({@link ItDatabase}), an S3Proxy in this JVM, and
 * the service processes started on them, all closed by {@link #close} (processes killed first), so a failing test
 * leaves nothing running.
 */
final class ServiceCluster implements AutoCloseable {

    private final ItS3 s3;
    private final Map<String, String> settings;
    private final List<ServiceProcess> replicas = new ArrayList<>();

    private ServiceCluster(ItS3 s3, Map<String, String> settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    /**
     * Empties the database and starts S3Proxy.
     *
     * @param overrides DISTRIBUTOR_* settings every replica gets on top of the defaults below
     */
    static ServiceCluster start(Map<String, String> overrides) {
        ItDatabase.reset();
        ItS3 s3 = ItS3.start();
        Map<String, String> settings = new TreeMap<>();
        // The service refuses to start with no access control chosen; ITs run in local mode unless they override it
        // (KeycloakIT sets false and an issuer).
        settings.put("DISTRIBUTOR_LOCAL_MODE", "true");
        settings.put("DISTRIBUTOR_DB_NAME", ItDatabase.name());
        settings.put("DISTRIBUTOR_S3_ENDPOINT", s3.endpoint().toString());
        settings.put("DISTRIBUTOR_S3_PATH_STYLE", "true");
        settings.put("DISTRIBUTOR_S3_CREDENTIALS", "static");
        settings.put("DISTRIBUTOR_S3_ACCESS_KEY", ItS3.ACCESS_KEY);
        settings.put("DISTRIBUTOR_S3_SECRET_KEY", ItS3.SECRET_KEY);
        settings.put("DISTRIBUTOR_S3_BUCKET", ItS3.BUCKET);
        settings.put("DISTRIBUTOR_S3_CREATE_BUCKET", "true");
        // The engine drives runs every 250 ms, as in the @QuarkusTests, instead of every second: shorter waits.
        settings.put("DISTRIBUTOR_ROLLOUT_TICK", "250ms");
        // A poll that finds the pool busy is told to come back in 2 s rather than 30: on this shared 2-core machine
        // a burst of registrations can exhaust the pool, and 30 s pauses would only make the tests slow.
        settings.put("DISTRIBUTOR_AGENT_BUSY_NEXT_POLL_SECONDS", "2");
        settings.putAll(overrides);
        return new ServiceCluster(s3, settings);
    }

    /** Starts a replica on this cluster's database and S3 and waits until it is ready. */
    ServiceProcess replica(String name) {
        return replica(name, Map.of());
    }

    /** Starts a replica as {@link #replica(String)} does, with {@code overrides} on top of the cluster's settings. */
    ServiceProcess replica(String name, Map<String, String> overrides) {
        Map<String, String> own = new TreeMap<>(settings);
        own.putAll(overrides);
        ServiceProcess replica = ServiceProcess.start(name, own);
        synchronized (replicas) {
            replicas.add(replica);
        }
        return replica;
    }

    /**
     * Starts a replica with these settings changed and waits only until it is live, not ready (its database or bucket
     * may not answer yet).
     */
    ServiceProcess liveReplica(String name, Map<String, String> changed) {
        Map<String, String> replicaSettings = new TreeMap<>(settings);
        replicaSettings.putAll(changed);
        ServiceProcess replica = ServiceProcess.startLive(name, replicaSettings);
        replicas.add(replica);
        return replica;
    }

    /** The S3 endpoint every replica uses unless told otherwise. */
    java.net.URI s3Endpoint() {
        return s3.endpoint();
    }

    /**
     * Starts several replicas at once, as a deployment of several replicas does (on an empty database they meet at
     * Flyway's lock), and waits until all are ready; on a failure closes those that started.
     */
    List<ServiceProcess> replicas(String... names) {
        List<CompletableFuture<ServiceProcess>> starting = new ArrayList<>();
        for (String name : names) {
            starting.add(CompletableFuture.supplyAsync(() -> ServiceProcess.start(name, settings)));
        }
        List<ServiceProcess> started = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<ServiceProcess> future : starting) {
            try {
                started.add(future.join());
            } catch (CompletionException e) {
                failure = failure == null
                        ? new IllegalStateException("a replica did not start", e.getCause())
                        : failure;
            }
        }
        replicas.addAll(started);
        if (failure != null) {
            throw failure;
        }
        return started;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (ServiceProcess replica : replicas) {
            try {
                replica.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        s3.close();
        if (failure != null) {
            throw failure;
        }
    }
}
