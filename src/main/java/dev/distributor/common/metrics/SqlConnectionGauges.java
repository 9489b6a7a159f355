package dev.distributor.common.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Drops the two per-connection gauges Quarkus registers for every SQL connection ({@code <db>.queue.size} and
 * {@code <db>.current}, tagged {@code clientType=sql}). The Vert.x PostgreSQL client creates client metrics for each
 * socket connection, and Quarkus registers both gauges under the pool's name for each: the second connection's
 * registration is refused ("This Gauge has been already registered", logged at start once the pool opens a second
 * connection), so the series only ever showed the first connection's queue. The pool's own gauges
 * ({@code sql_pool_queue_size}, {@code sql_pool_active}, {@code sql_pool_idle}) count the whole pool; the
 * per-connection counters and timers ({@code postgresql_completed_total}, ...) add up across connections and stay.
 */
@Singleton
public class SqlConnectionGauges {

    @Produces
    @Singleton
    MeterFilter dropPerConnectionGauges() {
        return MeterFilter.deny(id -> id.getType() == Meter.Type.GAUGE && "sql".equals(id.getTag("clientType"))
                && (id.getName().endsWith(".queue.size") || id.getName().endsWith(".current")));
    }
}
