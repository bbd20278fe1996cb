package io.tributary.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Tributary event: a CloudEvents 1.0 envelope in structured JSON mode, as docs/design.md fixes it.
 *
 * <p>Row changes carry {@code data.table}, {@code data.schema}, {@code data.operation}, {@code data.recordId},
 * {@code data.new}, {@code data.old} and {@code data.changed}; the accessors below read them and return
 * {@code null} for events that are not row changes. CloudEvents extension attributes that Tributary does not
 * define are kept in {@link #extensions()} and written back, so nothing a producer sent is dropped.
 * Instances are immutable; {@code data} must not be modified after construction.
 */
public record EventEnvelope(
        String id,
        String source,
        String type,
        String time,
        String subject,
        String datacontenttype,
        String tenant,
        String correlationid,
        String causationid,
        int depth,
        JsonNode data,
        Map<String, JsonNode> extensions) {

    public static final String SPEC_VERSION = "1.0";
    public static final int MAX_ID_LENGTH = 256;
    public static final int MAX_ATTRIBUTE_LENGTH = 1024;
    public static final int MAX_DEPTH = 1000;

    private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]{1,20}");
    private static final Set<String> ATTRIBUTES = Set.of("specversion", "id", "source", "type", "time", "subject",
            "datacontenttype", "tenant", "correlationid", "causationid", "depth", "data");

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        extensions = extensions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** Reads an envelope, reporting every problem with its attribute name. */
    public static EventEnvelope fromJson(JsonNode json) {
        List<FieldError> errors = new ArrayList<>();
        if (json == null || !json.isObject()) {
            throw new InvalidInputException("invalid event",
                    new FieldError("", "an event must be a JSON object, got " + describe(json)));
        }
        JsonNode specversion = json.get("specversion");
        if (specversion == null || !specversion.isTextual() || !SPEC_VERSION.equals(specversion.textValue())) {
            errors.add(new FieldError("specversion", "must be \"1.0\""));
        }
        String id = text(json, "id", true, MAX_ID_LENGTH, errors);
        String source = text(json, "source", true, MAX_ATTRIBUTE_LENGTH, errors);
        String type = text(json, "type", true, MAX_ATTRIBUTE_LENGTH, errors);
        String time = text(json, "time", false, 64, errors);
        if (time != null) {
            try {
                OffsetDateTime.parse(time);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("time", "must be an RFC 3339 timestamp such as 2024-01-15T10:30:00Z"));
            }
        }
        String subject = text(json, "subject", false, MAX_ATTRIBUTE_LENGTH, errors);
        String contentType = text(json, "datacontenttype", false, 255, errors);
        String tenant = text(json, "tenant", false, 128, errors);
        String correlation = text(json, "correlationid", false, MAX_ID_LENGTH, errors);
        String causation = text(json, "causationid", false, MAX_ID_LENGTH, errors);
        int depth = 0;
        JsonNode depthNode = json.get("depth");
        if (depthNode != null && !depthNode.isNull()) {
            if (!depthNode.isIntegralNumber() || !depthNode.canConvertToInt()
                    || depthNode.intValue() < 0 || depthNode.intValue() > MAX_DEPTH) {
                errors.add(new FieldError("depth", "must be a whole number from 0 to " + MAX_DEPTH));
            } else {
                depth = depthNode.intValue();
            }
        }
        Map<String, JsonNode> extensions = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (ATTRIBUTES.contains(name)) {
                continue;
            }
            if (!EXTENSION_NAME.matcher(name).matches()) {
                errors.add(new FieldError(name, "an extension attribute name must be 1 to 20 lower-case letters or digits"));
            } else if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                errors.add(new FieldError(name, "an extension attribute must be a string, number or boolean"));
            } else {
                extensions.put(name, field.getValue());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid event", errors);
        }
        JsonNode data = json.get("data");
        return new EventEnvelope(id, source, type, time, subject, contentType, tenant, correlation, causation, depth,
                data == null || data.isNull() ? null : data, extensions);
    }

    /** The structured-mode JSON of this envelope. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("specversion", SPEC_VERSION);
        json.put("id", id);
        json.put("source", source);
        json.put("type", type);
        putIfSet(json, "time", time);
        putIfSet(json, "subject", subject);
        putIfSet(json, "datacontenttype", datacontenttype);
        putIfSet(json, "tenant", tenant);
        putIfSet(json, "correlationid", correlationid);
        putIfSet(json, "causationid", causationid);
        json.put("depth", depth);
        extensions.forEach(json::set);
        if (data != null) {
            json.set("data", data);
        }
        return json;
    }

    /** The Kafka record key of this event on {@code tributary.events}: see {@link RecordKeys}. */
    public String recordKey() {
        return RecordKeys.eventKey(tenant, source, recordId() != null ? recordId() : subject != null ? subject : id);
    }

    /** The row operation, or {@code null} when this event is not a row change. */
    public Operation operation() {
        String name = dataText("operation");
        return name == null ? null : Operation.fromName(name);
    }

    /** Whether this event describes a row change (its data names an operation). */
    public boolean isRowChange() {
        return operation() != null;
    }

    /** The table of a row change, or {@code null}. */
    public String table() {
        return dataText("table");
    }

    /** The schema of a row change, or {@code null}. */
    public String schema() {
        return dataText("schema");
    }

    /** The record id of a row change, or {@code null}. */
    public String recordId() {
        return dataText("recordId");
    }

    /** The row after the change ({@code data.new}), or {@code null}. */
    public JsonNode newRow() {
        return dataField("new");
    }

    /** The row before the change ({@code data.old}), or {@code null}. */
    public JsonNode oldRow() {
        return dataField("old");
    }

    /**
     * The document a subscription's {@code filter} is tested against: {@code new} of a row change
     * ({@code old} for a DELETE), and the whole {@code data} of any other event.
     */
    public JsonNode filterSubject() {
        Operation operation = operation();
        if (operation == null) {
            return data;
        }
        return operation == Operation.DELETE ? oldRow() : newRow();
    }

    /** A copy of this event with another data value. */
    public EventEnvelope withData(JsonNode newData) {
        return new EventEnvelope(id, source, type, time, subject, datacontenttype, tenant, correlationid, causationid,
                depth, newData, extensions);
    }

    private JsonNode dataField(String name) {
        if (data == null || !data.isObject()) {
            return null;
        }
        JsonNode value = data.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private String dataText(String name) {
        JsonNode value = dataField(name);
        return value != null && value.isValueNode() ? value.asText() : null;
    }

    private static void putIfSet(ObjectNode json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    private static String text(JsonNode json, String name, boolean required, int maxLength, List<FieldError> errors) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(name, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(name, "must be a string, got " + describe(value)));
            return null;
        }
        String text = value.textValue();
        if (required && text.isEmpty()) {
            errors.add(new FieldError(name, "must not be empty"));
        } else if (text.length() > maxLength) {
            errors.add(new FieldError(name, "must be at most " + maxLength + " characters"));
        }
        return text;
    }

    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        return switch (value.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase();
        };
    }
}
