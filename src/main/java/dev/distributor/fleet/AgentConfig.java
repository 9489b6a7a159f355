package dev.distributor.fleet;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the service talks to its built-in agents (docs/AGENT-PROTOCOL.md). */
@ConfigMapping(prefix = "distributor.agent")
public interface AgentConfig {

    /** Longest long poll; a larger {@code wait} is lowered to it. Keep it below load-balancer idle timeouts. */
    @WithDefault("20s")
    Duration maxWait();

    /** How long a delivered command waits for its IN_PROGRESS report before the next poll gets it again. */
    @WithDefault("60s")
    Duration lease();

    /** A target is online while its last sign of life is at most this old. */
    @WithDefault("90s")
    Duration onlineCutoff();

    /** Serve artifacts through {@code /agent/v1/files/<sha256>} instead of presigned S3 URLs. */
    @WithDefault("false")
    boolean fileRelay();

    /** Pause the service asks agents to take between polls; raise it to trade latency for open connections. */
    @WithDefault("0")
    int nextPollSeconds();

    /** Polls' read-only queue checks asked within this window share one query (issue 21). */
    @WithDefault("50ms")
    Duration checkBatch();

    /** Longest a poll's queue check waits for a pooled connection before the poll is shed (204, busy pause). */
    @WithDefault("5s")
    Duration connectionWait();

    /** The pause, in seconds, a shed poll's 204 asks for ({@code X-Next-Poll-Seconds}) when the pool is exhausted. */
    @WithDefault("30")
    int busyNextPollSeconds();

    /** How often the in-memory lastSeen values are written to the database, in one statement. */
    @WithDefault("5s")
    Duration lastSeenFlush();

    /**
     * How often the liveness sweep compares each target's last sign of life with the online cutoff and announces
     * TARGET_ONLINE / TARGET_OFFLINE fleet events (docs/FLEET-EVENTS.md); an announcement lags by up to this plus
     * {@link #lastSeenFlush()}.
     */
    @WithDefault("5s")
    Duration livenessSweep();

    /**
     * The URL hosts reach this service at (scheme, host, optional port and path prefix, e.g.
     * {@code https://distributor.example.com}). Written into the served installer and used for relay file URLs.
     * Set it behind a proxy or load balancer; when unset, the scheme and host of each request are used.
     */
    Optional<String> publicUrl();
}
