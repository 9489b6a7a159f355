package dev.distributor.rollout.engine;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

import dev.distributor.rollout.domain.InvocationStatus;

/**
 * Invocations of one rollout counted by wave and status. {@code InvocationRepository.counts} reads them in one grouped
 * query; tests build them with {@link #add}.
 */
public final class Counts {

    private final Map<Integer, Map<InvocationStatus, Integer>> byWave = new TreeMap<>();

    public void add(int wave, InvocationStatus status, int count) {
        byWave.computeIfAbsent(wave, w -> new EnumMap<>(InvocationStatus.class)).merge(status, count, Integer::sum);
    }

    public int inWave(int wave, InvocationStatus status) {
        return byWave.getOrDefault(wave, Map.of()).getOrDefault(status, 0);
    }

    public int total(InvocationStatus status) {
        return byWave.values().stream().mapToInt(m -> m.getOrDefault(status, 0)).sum();
    }

    public int total() {
        return byWave.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
    }

    /** FAILED and TIMED_OUT across the run: what maxErrors limits. */
    public int errors() {
        return total(InvocationStatus.FAILED) + total(InvocationStatus.TIMED_OUT);
    }

    /** Invocations out ({@link InvocationStatus#OUT}: queued, running or rebooting): what maxConcurrency limits. */
    public int open() {
        return InvocationStatus.OUT.stream().mapToInt(this::total).sum();
    }

    /** Invocations not finished in waves 1..wave (earlier waves hold retried ones); a rebooting one is unfinished. */
    public int unfinishedUpTo(int wave) {
        int sum = 0;
        for (int w = 1; w <= wave; w++) {
            sum += inWave(w, InvocationStatus.PENDING);
            for (InvocationStatus out : InvocationStatus.OUT) {
                sum += inWave(w, out);
            }
        }
        return sum;
    }

    public int unfinished() {
        return total(InvocationStatus.PENDING) + open();
    }

    /** Percent of the wave's finished, attempted invocations that succeeded; 100 when none was attempted. */
    public int successPercent(int wave) {
        int success = inWave(wave, InvocationStatus.SUCCESS);
        int attempted = success + inWave(wave, InvocationStatus.FAILED) + inWave(wave, InvocationStatus.TIMED_OUT);
        return attempted == 0 ? 100 : (int) Math.floor(success * 100.0 / attempted);
    }

    public Map<Integer, Map<InvocationStatus, Integer>> byWave() {
        return byWave;
    }
}
