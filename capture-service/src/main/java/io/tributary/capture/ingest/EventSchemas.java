package io.tributary.capture.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The JSON Schemas (draft 2020-12, unless a schema names another with {@code $schema}) that the {@code data} of
 * ingested events of a type must satisfy, from {@code tributary.ingest.schemas[<type>]=<location>}; a type without
 * a schema takes any {@code data}. Schemas are read and compiled once at start: an unreadable or invalid one fails
 * start-up with its setting. Thread-safe.
 */
public final class EventSchemas {

    private final Map<String, JsonSchema> byType;

    private EventSchemas(Map<String, JsonSchema> byType) {
        this.byType = Map.copyOf(byType);
    }

    /** Compiles the schemas at the given locations ({@code classpath:}, {@code file:} or a path). */
    public static EventSchemas load(Map<String, String> locations, ResourceLoader loader) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.defaultMetaSchemaIri(SpecVersion.VersionFlag.V202012.getId()));
        Map<String, JsonSchema> schemas = new HashMap<>();
        locations.forEach((type, location) -> {
            String setting = "tributary.ingest.schemas[" + type + "]";
            Resource resource = loader.getResource(location.contains(":") ? location : "file:" + location);
            String text;
            try (InputStream in = resource.getInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException(setting + ": cannot read " + location + ": " + e.getMessage(), e);
            }
            try {
                Json.parse(text);
                schemas.put(type, factory.getSchema(text));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(setting + ": " + location + " is not a valid JSON Schema: "
                        + e.getMessage(), e);
            }
        });
        return new EventSchemas(schemas);
    }

    public static EventSchemas none() {
        return new EventSchemas(Map.of());
    }

    /** Whether events of this type have a schema. */
    public boolean covers(String type) {
        return byType.containsKey(type);
    }

    /**
     * The problems of an event's {@code data} against its type's schema, each with its path under {@code data}
     * (such as {@code data.total}) and the reason; empty when valid or when the type has no schema.
     */
    public List<FieldError> validate(String type, JsonNode data) {
        JsonSchema schema = byType.get(type);
        if (schema == null) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        List<ValidationMessage> messages = new ArrayList<>(schema.validate(data == null ? Json.mapper().nullNode() : data));
        messages.sort(Comparator.comparing(m -> m.getInstanceLocation().toString()));
        for (ValidationMessage message : messages) {
            String location = message.getInstanceLocation().toString();
            String path = "data" + (location.startsWith("$") ? location.substring(1) : location);
            String reason = message.getMessage();
            if (reason.startsWith(location + ": ")) {
                reason = reason.substring(location.length() + 2);
            }
            errors.add(new FieldError(path, reason + " (schema of " + type + ")"));
        }
        return errors;
    }
}
