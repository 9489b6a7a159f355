package dev.distributor.common.time;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the service clock ({@code distributor.clock.*}). */
@ConfigMapping(prefix = "distributor.clock")
public interface ClockConfig {

    /**
     * Whether tests may move the clock ({@link ServiceClock#advance}). False in production, where the clock is the
     * database's; only the {@code %test} profile sets it.
     */
    @WithDefault("false")
    boolean movable();
}
