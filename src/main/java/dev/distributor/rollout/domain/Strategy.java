package dev.distributor.rollout.domain;

import java.util.ArrayList;
import java.util.List;

import dev.distributor.common.error.DistributorException;

/**
 * How a run rolls out (DESIGN.md §6). Wave sizes are counts or percentages of the targets that will run, rounded up,
 * at least 1; targets left after the listed waves form one last wave.
 *
 * @param pauseBetweenWavesSeconds wait before the next wave starts (0: at once); ignored with manual approval
 */
public record Strategy(
        List<String> waves,
        String maxConcurrency,
        String maxErrors,
        int waveSuccessPercent,
        int pauseBetweenWavesSeconds,
        boolean manualApproval,
        int commandTimeoutSeconds,
        int deliveryTimeoutSeconds,
        boolean rebootAllowed,
        OnFailure onFailure) {

    public static final List<String> DEFAULT_WAVES = List.of("1", "10%");
    public static final String DEFAULT_MAX_CONCURRENCY = "10%";
    public static final String DEFAULT_MAX_ERRORS = "5%";
    public static final int DEFAULT_WAVE_SUCCESS_PERCENT = 95;
    public static final int DEFAULT_COMMAND_TIMEOUT_SECONDS = 3600;
    public static final int DEFAULT_DELIVERY_TIMEOUT_SECONDS = 3600;
    /** An agent enforces its own limit per script; one day is the longest a single invocation may take. */
    public static final int MAX_TIMEOUT_SECONDS = 86_400;
    /** SSM allows up to 30 days for a command to reach a target; so do we. */
    public static final int MAX_DELIVERY_TIMEOUT_SECONDS = 30 * 86_400;

    public enum OnFailure {
        STOP, PAUSE, ROLLBACK
    }

    /** Checks every field, so a deployment that would fail at its first tick is refused when it is created. */
    public Strategy validated() {
        if (waves.isEmpty() || waves.size() > 100) {
            throw DistributorException.invalidInput("strategy.waves", "Give between 1 and 100 wave sizes.");
        }
        waves.forEach(size -> {
            if (Amount.parse("strategy.waves", size).value() == 0) {
                throw DistributorException.invalidInput("strategy.waves", "A wave size cannot be 0.");
            }
        });
        if (Amount.parse("strategy.maxConcurrency", maxConcurrency).value() == 0) {
            throw DistributorException.invalidInput("strategy.maxConcurrency", "maxConcurrency cannot be 0.");
        }
        Amount.parse("strategy.maxErrors", maxErrors);
        range("strategy.waveSuccessPercent", waveSuccessPercent, 0, 100);
        range("strategy.pauseBetweenWavesSeconds", pauseBetweenWavesSeconds, 0, MAX_TIMEOUT_SECONDS);
        range("strategy.commandTimeoutSeconds", commandTimeoutSeconds, 1, MAX_TIMEOUT_SECONDS);
        range("strategy.deliveryTimeoutSeconds", deliveryTimeoutSeconds, 1, MAX_DELIVERY_TIMEOUT_SECONDS);
        return this;
    }

    /** The size of each wave for {@code runnable} targets; empty when nothing will run. */
    public List<Integer> waveSizes(int runnable) {
        List<Integer> sizes = new ArrayList<>();
        int left = runnable;
        for (String size : waves) {
            if (left == 0) {
                break;
            }
            int wave = Math.min(left, Amount.parse("strategy.waves", size).atLeastOneOf(runnable));
            sizes.add(wave);
            left -= wave;
        }
        if (left > 0) {
            sizes.add(left);
        }
        return sizes;
    }

    public int concurrencyFor(int runnable) {
        return Amount.parse("strategy.maxConcurrency", maxConcurrency).atLeastOneOf(runnable);
    }

    public int errorBudgetFor(int runnable) {
        return Amount.parse("strategy.maxErrors", maxErrors).roundedDownOf(runnable);
    }

    private static void range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw DistributorException.invalidInput(field,
                    field + " must be between " + min + " and " + max + "; got " + value + ".");
        }
    }
}
