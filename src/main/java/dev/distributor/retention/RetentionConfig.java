package dev.distributor.retention;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the retention job ({@code distributor.retention.*}, docs/OPERATIONS.md "Data retention"). Every age is
 * measured at the service clock (the database's {@code now()}); an age of zero keeps that kind of data forever.
 */
@ConfigMapping(prefix = "distributor.retention")
public interface RetentionConfig {

    /** The pause between the end of one run and the start of the next, on each replica. */
    @WithDefault("PT1H")
    Duration interval();

    /** Rows (or objects) one batch removes, each batch in a transaction of its own. */
    @WithDefault("1000")
    int batchSize();

    /** How long the output text of a finished invocation or command is kept; the row itself stays. */
    @WithDefault("P30D")
    Duration outputAge();

    /**
     * How long events are kept: fleet events by their time, a rollout's events from the time the run finished (none
     * while it runs or has a command out).
     */
    @WithDefault("P30D")
    Duration eventAge();

    /** How long audit rows are kept. */
    @WithDefault("P365D")
    Duration auditAge();

    /**
     * How long an artifact must have been named by no version before its object and row are removed; 0 never removes
     * artifacts.
     */
    @WithDefault("P7D")
    Duration artifactGrace();
}
