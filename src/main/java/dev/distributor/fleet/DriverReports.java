package dev.distributor.fleet;

/**
 * The NOTIFY channel on which a driver tells every replica that a command's status changed (payload: the command id),
 * so the rollout engine observes the report at once instead of at its next tick. Only a hint: the engine still
 * observes every command out on each tick, so a lost notification delays a report by one tick at most.
 */
public final class DriverReports {

    public static final String CHANNEL = "driver_report";

    private DriverReports() {
    }
}
