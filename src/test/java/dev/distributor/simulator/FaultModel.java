package dev.distributor.simulator;

/**
 * Failures the simulated agents inject, each a probability in [0, 1].
 *
 * @param dropFirstDeliveryRate chance that the answer carrying a command the agent sees for the first time is lost: the
 *        agent ignores it as if the connection died after the service committed it, so the lease must run out and the
 *        service deliver the same COMMAND_ID again
 * @param dropDeliveryRate chance that any answer carrying a command is lost, redeliveries included
 * @param restartMidCommandRate chance that the agent restarts while a command runs (after its IN_PROGRESS report): it
 *        forgets everything but its durable state and, on start, reports the command FAILED with STEP=agent-restarted
 */
public record FaultModel(double dropFirstDeliveryRate, double dropDeliveryRate, double restartMidCommandRate) {

    public static final FaultModel NONE = new FaultModel(0, 0, 0);

    public FaultModel {
        check("dropFirstDeliveryRate", dropFirstDeliveryRate);
        check("dropDeliveryRate", dropDeliveryRate);
        check("restartMidCommandRate", restartMidCommandRate);
    }

    public FaultModel withDropFirstDeliveryRate(double rate) {
        return new FaultModel(rate, dropDeliveryRate, restartMidCommandRate);
    }

    public FaultModel withDropDeliveryRate(double rate) {
        return new FaultModel(dropFirstDeliveryRate, rate, restartMidCommandRate);
    }

    public FaultModel withRestartMidCommandRate(double rate) {
        return new FaultModel(dropFirstDeliveryRate, dropDeliveryRate, rate);
    }

    private static void check(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be within [0, 1]: " + rate);
        }
    }
}
