package dev.distributor.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How simulated scripts end: weighted outcomes (success, failure with an exit code, timeout, reboot required) and a
 * uniform run duration. Weights are relative; {@link #sample} draws one outcome per command.
 */
public final class OutcomeModel {

    private final List<Weighted> outcomes;
    private final double totalWeight;
    private final Duration minDuration;
    private final Duration maxDuration;

    private OutcomeModel(List<Weighted> outcomes, Duration minDuration, Duration maxDuration) {
        this.outcomes = List.copyOf(outcomes);
        this.totalWeight = outcomes.stream().mapToDouble(Weighted::weight).sum();
        this.minDuration = minDuration;
        this.maxDuration = maxDuration;
    }

    /** Every command succeeds after {@code duration}. */
    public static OutcomeModel alwaysSucceeds(Duration duration) {
        return builder().success(1).duration(duration, duration).build();
    }

    /** {@code successRate} of the commands succeed, the rest fail with exit code 1; durations are uniform. */
    public static OutcomeModel successRate(double successRate, Duration min, Duration max) {
        Builder builder = builder().duration(min, max);
        if (successRate > 0) {
            builder.success(successRate);
        }
        if (successRate < 1) {
            builder.failure(1, 1 - successRate);
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Outcome sample(Random random) {
        long spanMillis = maxDuration.toMillis() - minDuration.toMillis();
        Duration duration = minDuration
                .plusMillis(spanMillis <= 0 ? 0 : (long) (random.nextDouble() * (spanMillis + 1)));
        double pick = random.nextDouble() * totalWeight;
        Weighted chosen = outcomes.get(outcomes.size() - 1);
        for (Weighted candidate : outcomes) {
            pick -= candidate.weight();
            if (pick < 0) {
                chosen = candidate;
                break;
            }
        }
        return new Outcome(chosen.status(), chosen.exitCode(), chosen.rebootRequired(), duration);
    }

    public Duration minDuration() {
        return minDuration;
    }

    public Duration maxDuration() {
        return maxDuration;
    }

    private record Weighted(String status, int exitCode, boolean rebootRequired, double weight) {
    }

    public static final class Builder {
        private final List<Weighted> outcomes = new ArrayList<>();
        private Duration minDuration = Duration.ofMillis(200);
        private Duration maxDuration = Duration.ofMillis(2000);

        private Builder() {
        }

        public Builder success(double weight) {
            return add(new Weighted(Outcome.SUCCESS, 0, false, weight));
        }

        public Builder failure(int exitCode, double weight) {
            if (exitCode == 0) {
                throw new IllegalArgumentException("a failure has a non-zero exit code");
            }
            return add(new Weighted(Outcome.FAILED, exitCode, false, weight));
        }

        public Builder timeout(double weight) {
            return add(new Weighted(Outcome.TIMED_OUT, Outcome.TIMEOUT_EXIT_CODE, false, weight));
        }

        /** SUCCESS with exit code 194 and REBOOT_REQUIRED=true. */
        public Builder rebootRequired(double weight) {
            return add(new Weighted(Outcome.SUCCESS, Outcome.REBOOT_EXIT_CODE, true, weight));
        }

        public Builder duration(Duration min, Duration max) {
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("need 0 <= min <= max, got " + min + ".." + max);
            }
            this.minDuration = min;
            this.maxDuration = max;
            return this;
        }

        public OutcomeModel build() {
            if (outcomes.isEmpty()) {
                success(1);
            }
            return new OutcomeModel(outcomes, minDuration, maxDuration);
        }

        private Builder add(Weighted weighted) {
            if (!(weighted.weight() > 0)) {
                throw new IllegalArgumentException("weight must be positive: " + weighted.weight());
            }
            outcomes.add(weighted);
            return this;
        }
    }
}
