package io.tributary.capture.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns the Kafka Connect values Debezium's PostgreSQL connector produces into exact JSON, by the column's
 * semantic type: numeric as an exact JSON number (Debezium sends it as a string with
 * {@code decimal.handling.mode=string}, the source type tells it is a number), timestamps and dates in
 * ISO-8601, json and jsonb embedded as JSON, arrays, enums and uuids as their values, bytea as base64.
 * Stateless and thread-safe.
 */
final class ColumnValues {

    static final String SOURCE_TYPE = "__debezium.source.column.type";
    private static final Set<String> NUMERIC_TYPES = Set.of("NUMERIC", "DECIMAL", "_NUMERIC", "_DECIMAL");
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private ColumnValues() {
    }

    /** The row as a JSON object with columns in table order; {@code null} for no row. */
    static ObjectNode row(Struct row) {
        return row(row, null);
    }

    /**
     * The row as a JSON object with columns in table order; {@code null} for no row. A column whose unchanged
     * TOASTed value the change does not carry is left out and its name added to {@code unchanged} (when given).
     *
     * @throws ColumnConversionException when a column's value could not be converted
     */
    static ObjectNode row(Struct row, List<String> unchanged) {
        if (row == null) {
            return null;
        }
        ObjectNode json = NODES.objectNode();
        for (Field field : row.schema().fields()) {
            Object value = row.get(field);
            if (PgJsonConverter.UNCHANGED.equals(value)) {
                if (unchanged != null) {
                    unchanged.add(field.name());
                }
                continue;
            }
            try {
                json.set(field.name(), value(field.schema(), value));
            } catch (RuntimeException e) {
                throw new ColumnConversionException(field.name(), e.getMessage(), e);
            }
        }
        return json;
    }

    static JsonNode value(Schema schema, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case PgJsonConverter.SCHEMA_NAME: {
                    String text = (String) value;
                    if (text.startsWith(PgJsonConverter.FAILED)) {
                        throw new IllegalArgumentException(text.substring(PgJsonConverter.FAILED.length()));
                    }
                    if (PgJsonConverter.UNCHANGED.equals(text)) {
                        throw new IllegalArgumentException("an unchanged TOASTed value where a value is required");
                    }
                    return Json.parse(text);
                }
                case "io.debezium.time.MicroTimestamp":
                    return NODES.textNode(localDateTime((Long) value, 1_000L).toString());
                case "io.debezium.time.Timestamp":
                    return NODES.textNode(localDateTime((Long) value, 1_000_000L).toString());
                case "io.debezium.time.NanoTimestamp":
                    return NODES.textNode(localDateTime((Long) value, 1L).toString());
                case "io.debezium.time.Date":
                    return NODES.textNode(LocalDate.ofEpochDay((Integer) value).toString());
                case "io.debezium.time.MicroTime":
                    return NODES.textNode(LocalTime.ofNanoOfDay((Long) value * 1_000L).toString());
                case "io.debezium.time.Time":
                    return NODES.textNode(LocalTime.ofNanoOfDay((Integer) value * 1_000_000L).toString());
                case "io.debezium.data.Json":
                    return Json.parse((String) value);
                case "org.apache.kafka.connect.data.Decimal":
                    return NODES.numberNode((BigDecimal) value);
                default:
                    break;
            }
        }
        String sourceType = schema.parameters() == null ? null : schema.parameters().get(SOURCE_TYPE);
        if (value instanceof String text && sourceType != null && NUMERIC_TYPES.contains(sourceType)) {
            return number(text);
        }
        return plain(schema, value, sourceType);
    }

    private static JsonNode plain(Schema schema, Object value, String sourceType) {
        switch (schema.type()) {
            case ARRAY: {
                ArrayNode array = NODES.arrayNode();
                Schema element = schema.valueSchema();
                for (Object item : (List<?>) value) {
                    if (item instanceof String text && sourceType != null && NUMERIC_TYPES.contains(sourceType)) {
                        array.add(number(text));
                    } else {
                        array.add(value(element, item));
                    }
                }
                return array;
            }
            case STRUCT:
                return row((Struct) value);
            case MAP: {
                ObjectNode map = NODES.objectNode();
                ((Map<?, ?>) value).forEach((k, v) -> map.set(String.valueOf(k), value(schema.valueSchema(), v)));
                return map;
            }
            case BYTES:
                byte[] bytes = value instanceof ByteBuffer buffer ? toArray(buffer) : (byte[]) value;
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case INT8:
            case INT16:
            case INT32:
                return NODES.numberNode(((Number) value).intValue());
            case INT64:
                return NODES.numberNode(((Number) value).longValue());
            case FLOAT32:
            case FLOAT64:
                double number = ((Number) value).doubleValue();
                return Double.isFinite(number) ? NODES.numberNode(new BigDecimal(Double.toString(number)))
                        : NODES.textNode(Double.toString(number));
            default:
                return NODES.textNode(value.toString());
        }
    }

    /** An exact number; NaN and the infinities, which JSON cannot hold, stay strings. */
    private static JsonNode number(String text) {
        try {
            return NODES.numberNode(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return NODES.textNode(text);
        }
    }

    private static LocalDateTime localDateTime(long value, long nanosPerUnit) {
        long nanos = Math.multiplyExact(value, nanosPerUnit);
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
