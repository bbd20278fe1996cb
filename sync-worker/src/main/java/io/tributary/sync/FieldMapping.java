package io.tributary.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import io.tributary.model.filter.EventPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A target's fields from an event: target field to event path ({@code new.email}, {@code data.total},
 * {@code tenant}, {@code recordId}), the paths of {@code where}. A path with no value maps to JSON null. Paths are
 * checked when the worker starts. Immutable and thread-safe.
 */
public final class FieldMapping {

    private final Map<String, EventPath> paths;

    private FieldMapping(Map<String, EventPath> paths) {
        this.paths = paths;
    }

    /** Compiles a mapping; an unknown path fails with the setting that holds it. */
    public static FieldMapping compile(String setting, Map<String, String> mapping) {
        Map<String, EventPath> paths = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        mapping.forEach((field, path) -> {
            try {
                paths.put(field, EventPath.of(path));
            } catch (IllegalArgumentException e) {
                problems.add(setting + "." + field + ": " + e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid sync mapping: " + String.join("; ", problems));
        }
        return new FieldMapping(paths);
    }

    public ObjectNode apply(EventEnvelope event) {
        ObjectNode fields = Json.mapper().createObjectNode();
        paths.forEach((field, path) -> {
            JsonNode value = path.resolve(event);
            fields.set(field, value == null ? Json.mapper().nullNode() : value);
        });
        return fields;
    }
}
