package dev.distributor.common.work;

/**
 * Something that must succeed once before this replica does its work: the schema migrated, the bucket there. The
 * {@link StartupGate} runs every step at start and again, with back-off, until it succeeds, so a replica started
 * before its database or bucket answers stays alive and becomes ready by itself once they do.
 *
 * <p>
 * Implementations are CDI beans; {@link #run} blocks (it runs on the boot thread first, then on the gate's own
 * thread, never on an event loop) and must be safe to run again after a failure.
 */
public interface StartupStep {

    /** Names the step in the readiness check "Startup" and in the log. */
    String name();

    /**
     * Does the step.
     *
     * @throws Exception when it did not succeed this time; the gate logs it and tries again later
     */
    void run() throws Exception;
}
