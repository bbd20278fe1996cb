package io.tributary.model.filter;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A compiled {@code filter}: tests a JSON document for containment of the filter with PostgreSQL's exact
 * {@code jsonb @>} semantics. Made by {@link FilterCompiler}; immutable and thread-safe.
 */
@FunctionalInterface
public interface Filter {

    /** The filter that every document passes ({@code {}} against an object). */
    Filter ALWAYS = document -> true;

    /** Whether {@code document @> filter}; a {@code null} (missing) document contains nothing. */
    boolean test(JsonNode document);
}
