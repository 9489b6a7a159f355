package dev.distributor.rollout.domain;

import dev.distributor.common.error.DistributorException;

/** A count ({@code 10}) or a percentage of the run's targets ({@code 10%}), as SSM takes MaxConcurrency and MaxErrors. */
public record Amount(int value, boolean percent) {

    public static Amount parse(String field, String text) {
        String trimmed = text == null ? "" : text.strip();
        boolean percent = trimmed.endsWith("%");
        String digits = percent ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 9) {
            throw DistributorException.invalidInput(field,
                    field + " must be a count such as 10 or a percentage such as 10%; got '" + text + "'.");
        }
        int value = Integer.parseInt(digits);
        if (percent && value > 100) {
            throw DistributorException.invalidInput(field, field + " cannot exceed 100%; got '" + text + "'.");
        }
        return new Amount(value, percent);
    }

    /** Of {@code total}, rounded up, at least 1 (for wave sizes and concurrency). */
    public int atLeastOneOf(int total) {
        int resolved = percent ? (int) Math.ceil(total * value / 100.0) : value;
        return Math.max(1, resolved);
    }

    /** Of {@code total}, rounded down (for error budgets: 10% of 5 targets allows no error). */
    public int roundedDownOf(int total) {
        return percent ? (int) Math.floor(total * value / 100.0) : value;
    }

    @Override
    public String toString() {
        return value + (percent ? "%" : "");
    }
}
