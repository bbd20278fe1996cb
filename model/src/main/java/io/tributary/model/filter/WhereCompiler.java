package io.tributary.model.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.EventEnvelope;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compiles a subscription's {@code where} into a {@link Where}.
 *
 * <p>A {@code where} is a JSON object whose entries must all hold. An entry is either a combinator
 * ({@code "$and": [w...]}, {@code "$or": [w...]}, {@code "$not": w}), {@code "$changed": [column...]} (an UPDATE
 * that changed at least one of the columns), or a path ({@link EventPath}) with a condition on its value: a plain
 * JSON value means {@code $eq}; an object of operators ({@code $eq $ne $in $nin $exists $gt $gte $lt $lte
 * $prefix $suffix $contains $regex $not}) means all of them. {@code $ne} and {@code $nin} also hold when the
 * path is missing; the other operators never do. Equality, lists and order compare values by kind
 * ({@link Scalar}): numbers (JSON numbers and strings spelled as numbers, {@code NaN} above {@code Infinity}) by
 * exact value, dates and timestamps as points in time (a value without offset read as UTC, {@code -infinity} and
 * {@code infinity} at the ends), times of day on the clock, other strings by code point; values of different kinds
 * are neither equal nor ordered ({@code $ne} and {@code $nin}, the negations, hold for them). {@code $contains} is a
 * substring test on strings and JSONB containment ({@code @>}) on arrays and objects. {@code $regex} is RE2
 * syntax, found anywhere in the string, in linear time.
 *
 * <p>{@link #check} reports every problem with its path; {@link #compile} throws with them. Thread-safe.
 */
public final class WhereCompiler {

    /** Deepest nesting of {@code $and}, {@code $or} and {@code $not}. */
    public static final int MAX_DEPTH = 16;
    /** Most conditions one {@code where} may hold. */
    public static final int MAX_CONDITIONS = 256;
    /** Most values in one {@code $in} or {@code $nin} list. */
    public static final int MAX_LIST_SIZE = 1000;
    /** Longest {@code $regex} pattern. */
    public static final int MAX_REGEX_LENGTH = 1000;

    private WhereCompiler() {
    }

    /** The problems of a {@code where}, with paths under {@code path}; empty when it compiles. */
    public static List<FieldError> check(JsonNode where, String path) {
        WhereParser parser = new WhereParser();
        parser.parse(where, path);
        return parser.errors();
    }

    /** Compiles a {@code where}; {@code null} or an empty object compiles to {@link Where#ALWAYS}. */
    public static Where compile(JsonNode where) {
        if (where == null || where.isNull() || (where.isObject() && where.isEmpty())) {
            return Where.ALWAYS;
        }
        WhereParser parser = new WhereParser();
        Where compiled = parser.parse(where, "where");
        if (!parser.errors().isEmpty()) {
            throw new InvalidInputException("invalid where", parser.errors());
        }
        return compiled;
    }

    /** All of the conditions, evaluated in order, stopping at the first that fails. */
    static Where allOf(List<Where> conditions) {
        if (conditions.isEmpty()) {
            return Where.ALWAYS;
        }
        if (conditions.size() == 1) {
            return conditions.get(0);
        }
        Where[] all = conditions.toArray(new Where[0]);
        return event -> {
            for (Where condition : all) {
                if (!condition.test(event)) {
                    return false;
                }
            }
            return true;
        };
    }

    static Where anyOf(List<Where> conditions) {
        Where[] any = conditions.toArray(new Where[0]);
        return event -> {
            for (Where condition : any) {
                if (condition.test(event)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** {@code $changed}: an UPDATE whose {@code data.changed} names at least one of the columns. */
    static Where changedAny(String[] columns) {
        return (EventEnvelope event) -> {
            JsonNode changed = event.data() == null ? null : event.data().get("changed");
            if (changed == null || !changed.isArray()) {
                return false;
            }
            for (JsonNode column : changed) {
                for (String wanted : columns) {
                    if (wanted.equals(column.asText())) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            names.add(it.next().getKey());
        }
        return names;
    }
}
