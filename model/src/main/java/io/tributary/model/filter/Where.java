package io.tributary.model.filter;

import io.tributary.model.EventEnvelope;

/**
 * A compiled {@code where} condition over a whole event. Made by {@link WhereCompiler}; immutable and
 * thread-safe.
 */
@FunctionalInterface
public interface Where {

    /** The condition every event meets (an absent or empty {@code where}). */
    Where ALWAYS = event -> true;

    /** Whether the event meets the condition. */
    boolean test(EventEnvelope event);
}
