package io.tributary.model.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Compiles a subscription's {@code filter} into a {@link Filter}. {@link #check} reports what is wrong with a
 * filter, each problem with its path; {@link #compile} throws with the same problems. A filter must be a JSON
 * object (it is tested against a row or an event's data) of at most {@value #MAX_NODES} values nested at most
 * {@value #MAX_DEPTH} deep. Thread-safe.
 */
public final class FilterCompiler {

    /** Most values (objects, arrays and scalars counted alike) one filter may hold. */
    public static final int MAX_NODES = 1000;
    /** Deepest nesting of objects and arrays in a filter. */
    public static final int MAX_DEPTH = 32;

    private FilterCompiler() {
    }

    /** The problems of a filter, with paths under {@code path}; empty when it compiles. */
    public static List<FieldError> check(JsonNode filter, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (filter == null || !filter.isObject()) {
            errors.add(new FieldError(path, "a filter must be a JSON object such as {\"status\": \"confirmed\"}"));
            return errors;
        }
        int[] nodes = {0};
        walk(filter, path, 1, nodes, errors);
        if (nodes[0] > MAX_NODES) {
            errors.add(new FieldError(path, "holds more than " + MAX_NODES + " values, the most a filter may hold"));
        }
        return errors;
    }

    /** Compiles a subscription filter (a JSON object); {@code null} compiles to {@link Filter#ALWAYS}. */
    public static Filter compile(JsonNode filter) {
        if (filter == null || filter.isNull()) {
            return Filter.ALWAYS;
        }
        List<FieldError> errors = check(filter, "filter");
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid filter", errors);
        }
        return ContainmentMatcher.of(filter);
    }

    /**
     * Compiles any JSON value as the right-hand side of {@code @>}, without the subscription rules (a bare scalar
     * or an array is allowed): {@code containment(f).test(d)} is exactly PostgreSQL's {@code d @> f}.
     */
    public static Filter containment(JsonNode value) {
        if (value == null) {
            throw new IllegalArgumentException("containment needs a JSON value");
        }
        return ContainmentMatcher.of(value);
    }

    private static void walk(JsonNode node, String path, int depth, int[] nodes, List<FieldError> errors) {
        nodes[0]++;
        if (!node.isContainerNode()) {
            return;
        }
        if (depth > MAX_DEPTH) {
            errors.add(new FieldError(path, "nests deeper than " + MAX_DEPTH + " levels"));
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext() && nodes[0] <= MAX_NODES; ) {
                Map.Entry<String, JsonNode> field = it.next();
                walk(field.getValue(), path + "." + field.getKey(), depth + 1, nodes, errors);
            }
        } else {
            for (int i = 0; i < node.size() && nodes[0] <= MAX_NODES; i++) {
                walk(node.get(i), path + "[" + i + "]", depth + 1, nodes, errors);
            }
        }
    }
}
