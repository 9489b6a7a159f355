package dev.distributor.common.metrics;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** Settings of the domain metrics (docs/OBSERVABILITY.md). */
@ConfigMapping(prefix = "distributor.metrics")
public interface MetricsConfig {

    /**
     * How often each replica recounts the fleet-wide gauges (rollouts by state, agents online) from the database
     * ({@code DISTRIBUTOR_METRICS_REFRESH}); scrapes read the cached counts.
     */
    Duration refresh();
}
