package dev.distributor.rollout;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the rollout engine ({@code distributor.rollout.*}). */
@ConfigMapping(prefix = "distributor.rollout")
public interface RolloutConfig {

    /** How often the engine looks at running rollouts: applies reports and timeouts, dispatches, advances waves. */
    @WithDefault("1s")
    Duration tick();

    /**
     * How long past its script time limits an invocation may go without a final report before the engine gives it up
     * as TIMED_OUT (the agent enforces the limits itself; this covers a host that vanished mid-command).
     */
    @WithDefault("60s")
    Duration reportGrace();

    /**
     * How long a host that reported REBOOTING may take to come back and report the command's final state before the
     * engine gives the invocation up as TIMED_OUT (the host never came back from its reboot).
     */
    @WithDefault("1800s")
    Duration rebootTimeout();

    /**
     * ON_NEW_TARGET: the most targets one deployment reaches per tick (they join its unfinished run or start one), so a
     * deployment created over a large fleet, or a burst of registrations, is taken in small transactions.
     */
    @WithDefault("50")
    int newTargetBatch();

    /** Rollouts one replica works through per tick, each in its own transaction. */
    @WithDefault("50")
    int rolloutsPerTick();
}
