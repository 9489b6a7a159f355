package dev.distributor.rollout.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A transition table: (state, event) to the next state, with every allowed pair listed once. Lifecycles build one with
 * {@link #allow} and answer with {@link #next}; {@link #all} lists the pairs (for docs and tests).
 *
 * @param <S> the states
 * @param <E> the events
 */
public final class Transitions<S extends Enum<S>, E extends Enum<E>> {

    /** One allowed move. */
    public record Transition<S, E>(S from, E event, S to) {
    }

    private final Class<E> events;
    private final Map<S, Map<E, S>> table;
    private final List<Transition<S, E>> all = new ArrayList<>();

    public Transitions(Class<S> states, Class<E> events) {
        this.events = events;
        this.table = new EnumMap<>(states);
    }

    /** Allows {@code event} in each of {@code from}, leading to {@code to}. */
    @SafeVarargs
    public final Transitions<S, E> allow(E event, S to, S... from) {
        for (S state : from) {
            S earlier = table.computeIfAbsent(state, s -> new EnumMap<>(events)).put(event, to);
            if (earlier != null) {
                throw new IllegalStateException(state + " --" + event + "--> listed twice");
            }
            all.add(new Transition<>(state, event, to));
        }
        return this;
    }

    /** Allows {@code event} in each of {@code from}, staying in the same state (a run paused stays paused). */
    @SafeVarargs
    public final Transitions<S, E> allowStaying(E event, S... from) {
        for (S state : from) {
            allow(event, state, state);
        }
        return this;
    }

    /** The next state, or null when the event is not allowed in {@code from}. */
    public S nextOrNull(S from, E event) {
        return table.getOrDefault(from, Map.of()).get(event);
    }

    public boolean allows(S from, E event) {
        return nextOrNull(from, event) != null;
    }

    /** The states in which {@code event} is allowed, in declaration order. */
    public List<S> allowedFrom(E event) {
        List<S> from = new ArrayList<>();
        table.forEach((state, moves) -> {
            if (moves.containsKey(event)) {
                from.add(state);
            }
        });
        return from;
    }

    /** The next state; {@code refusal} builds the exception when the event is not allowed. */
    public S next(S from, E event, Function<List<S>, RuntimeException> refusal) {
        S to = nextOrNull(from, event);
        if (to == null) {
            throw refusal.apply(allowedFrom(event));
        }
        return to;
    }

    public List<Transition<S, E>> all() {
        return Collections.unmodifiableList(all);
    }
}
