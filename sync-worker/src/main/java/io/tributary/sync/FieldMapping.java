package io.tributary.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.filter.EventPath;
import io.tributary.sync.pg.CapturedValues;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A target's fields from an event: target field to event path ({@code new.email}, {@code data.total},
 * {@code tenant}, {@code recordId}), the paths of {@code where}. A path with no value maps to JSON null, except a
 * value the change did not carry: a column of {@code new} that is absent and named in {@code data.unchanged} (an
 * unchanged TOASTed value), or Debezium's placeholder for one, leaves its field out, so the target keeps what it
 * has. Paths are checked when the worker starts. Immutable and thread-safe.
 */
public final class FieldMapping {

    private final Map<String, EventPath> paths;
    /** The column of {@code new} each field reads ({@code new.c...} or {@code data.new.c...}), if any. */
    private final Map<String, String> newColumns;

    private FieldMapping(Map<String, EventPath> paths, Map<String, String> newColumns) {
        this.paths = paths;
        this.newColumns = newColumns;
    }

    /** Compiles a mapping; an unknown path fails with the setting that holds it. */
    public static FieldMapping compile(String setting, Map<String, String> mapping) {
        Map<String, EventPath> paths = new LinkedHashMap<>();
        Map<String, String> newColumns = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        mapping.forEach((field, path) -> {
            try {
                paths.put(field, EventPath.of(path));
                String[] segments = path.split("\\.");
                if (segments.length > 1 && segments[0].equals("new")) {
                    newColumns.put(field, segments[1]);
                } else if (segments.length > 2 && segments[0].equals("data") && segments[1].equals("new")) {
                    newColumns.put(field, segments[2]);
                }
            } catch (IllegalArgumentException e) {
                problems.add(setting + "." + field + ": " + e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid sync mapping: " + String.join("; ", problems));
        }
        return new FieldMapping(paths, newColumns);
    }

    /** The mapped fields in mapping order, without those whose value the change did not carry. */
    public ObjectNode apply(EventEnvelope event) {
        ObjectNode fields = Json.mapper().createObjectNode();
        Set<String> unchanged = unchanged(event);
        paths.forEach((field, path) -> {
            JsonNode value = path.resolve(event);
            String column = newColumns.get(field);
            if (value == null && column != null && unchanged.contains(column) || CapturedValues.isUnavailable(value)) {
                return;
            }
            fields.set(field, value == null ? Json.mapper().nullNode() : value);
        });
        return fields;
    }

    /** The target fields this mapping fills. */
    public Set<String> fields() {
        return java.util.Collections.unmodifiableSet(paths.keySet());
    }

    private static Set<String> unchanged(EventEnvelope event) {
        JsonNode data = event.data();
        JsonNode named = data == null ? null : data.get("unchanged");
        if (named == null || !named.isArray() || named.isEmpty()) {
            return Set.of();
        }
        Set<String> columns = new HashSet<>();
        named.forEach(column -> columns.add(column.asText()));
        return columns;
    }
}
