/**
 * The filter language, checked where a subscription enters and compiled once: {@code filter} (PostgreSQL's
 * {@code @>} containment, {@code FilterCompiler}) and {@code where} (Mongo-style conditions on event paths,
 * {@code WhereCompiler}, with values compared by kind: numbers, points in time, times of day, other strings).
 * {@code check} returns every problem with its path, {@code compile} throws with them. Pure and thread-safe.
 */
package io.tributary.model.filter;
