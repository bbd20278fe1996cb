package io.tributary.capture.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.data.SpecialValueDecimal;
import io.tributary.model.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGStatement;
import org.postgresql.geometric.PGbox;
import org.postgresql.geometric.PGcircle;
import org.postgresql.geometric.PGline;
import org.postgresql.geometric.PGlseg;
import org.postgresql.geometric.PGpath;
import org.postgresql.geometric.PGpoint;
import org.postgresql.geometric.PGpolygon;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/**
 * A column value, as Debezium's PostgreSQL connector reads it (from the replication stream or a snapshot query),
 * spelled as PostgreSQL's {@code to_jsonb} spells it in a session with {@code TimeZone} UTC and
 * {@code IntervalStyle} iso_8601, apart from the documented lossless spellings: {@code bytea} as base64,
 * {@code money} as a number, {@code timetz} in UTC. The type decides the spelling (see {@link PgType.Kind}); each
 * Java form Debezium may hand over is read back to the exact value, and a value that arrives as PostgreSQL's text
 * (array elements, composite fields, snapshot strings) is parsed from that text. Stateless and thread-safe.
 */
final class PgValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private PgValues() {
    }

    /**
     * The JSON of a value of the given type.
     *
     * @throws IllegalArgumentException when the value cannot be read as a value of that type, with the reason
     */
    static JsonNode json(PgType type, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof PGobject object && !(value instanceof PGInterval) && !isGeometric(value)) {
            return object.getValue() == null ? NODES.nullNode() : fromText(type, object.getValue());
        }
        if (value instanceof String text) {
            return fromText(type, text);
        }
        return switch (type.kind()) {
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case INTEGER -> value instanceof BigInteger big ? NODES.numberNode(big)
                    : NODES.numberNode(((Number) value).longValue());
            case FLOAT -> floating(value);
            case NUMERIC, MONEY -> decimal(value);
            case DATE -> date(value);
            case TIMESTAMP -> timestamp(value);
            case TIMESTAMPTZ -> timestampTz(value);
            case TIME -> NODES.textNode(time(value));
            case TIMETZ -> NODES.textNode(timeTz(value));
            case INTERVAL -> NODES.textNode(PgTimes.interval((PGInterval) value));
            case BYTEA -> NODES.textNode(Base64.getEncoder().encodeToString(bytes(value)));
            case JSON -> fromText(type, value.toString());
            case ARRAY -> array(type, value);
            case COMPOSITE -> fromText(type, value.toString());
            case TEXT -> NODES.textNode(text(value));
        };
    }

    /**
     * The JSON of a value given as PostgreSQL's text output of the type.
     *
     * @throws IllegalArgumentException when the text is not a value of the type
     */
    static JsonNode fromText(PgType type, String text) {
        return switch (type.kind()) {
            case BOOLEAN -> switch (text) {
                case "t", "true" -> NODES.booleanNode(true);
                case "f", "false" -> NODES.booleanNode(false);
                default -> throw new IllegalArgumentException("not a boolean: '" + text + "'");
            };
            case INTEGER -> NODES.numberNode(new BigInteger(text.strip()));
            case FLOAT, NUMERIC -> number(text.strip());
            case MONEY -> NODES.numberNode(money(text));
            case DATE, TIME -> NODES.textNode(text);
            case TIMESTAMP -> NODES.textNode(PgTimes.timestampText(text));
            case TIMESTAMPTZ -> NODES.textNode(PgTimes.timestampTzText(text));
            case TIMETZ -> NODES.textNode(PgTimes.timeTzText(text));
            case INTERVAL -> NODES.textNode(PgTimes.interval(interval(text)));
            case BYTEA -> NODES.textNode(Base64.getEncoder().encodeToString(byteaText(text)));
            case JSON -> Json.parse(text);
            case ARRAY -> elements(type.element(), PgLiterals.array(text, type.delimiter()));
            case COMPOSITE -> composite(type, text);
            case TEXT -> NODES.textNode(text);
        };
    }

    private static JsonNode number(String text) {
        if ("NaN".equals(text) || "Infinity".equals(text) || "-Infinity".equals(text)) {
            return NODES.textNode(text);
        }
        try {
            return NODES.numberNode(PgNumbers.plain(new BigDecimal(text)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + text + "'");
        }
    }

    private static JsonNode floating(Object value) {
        if (value instanceof Float f) {
            String special = PgNumbers.special(f);
            return special != null ? NODES.textNode(special) : NODES.numberNode(PgNumbers.shortest(f));
        }
        double d = ((Number) value).doubleValue();
        String special = PgNumbers.special(d);
        return special != null ? NODES.textNode(special) : NODES.numberNode(PgNumbers.shortest(d));
    }

    private static JsonNode decimal(Object value) {
        if (value instanceof SpecialValueDecimal special) {
            if (special.getDecimalValue().isPresent()) {
                return NODES.numberNode(PgNumbers.plain(special.getDecimalValue().get()));
            }
            if (special.equals(SpecialValueDecimal.NOT_A_NUMBER)) {
                return NODES.textNode("NaN");
            }
            return NODES.textNode(special.equals(SpecialValueDecimal.POSITIVE_INF) ? "Infinity" : "-Infinity");
        }
        if (value instanceof BigDecimal decimal) {
            return NODES.numberNode(PgNumbers.plain(decimal));
        }
        if (value instanceof Double || value instanceof Float) {
            return floating(value);
        }
        return NODES.numberNode(new BigDecimal(value.toString()));
    }

    private static JsonNode date(Object value) {
        if (value instanceof LocalDate date) {
            if (date.equals(PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE)) {
                return NODES.textNode("infinity");
            }
            if (date.equals(PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE)) {
                return NODES.textNode("-infinity");
            }
            return NODES.textNode(PgTimes.date(date));
        }
        if (value instanceof java.sql.Date date) {
            String special = infinity(date.getTime());
            return NODES.textNode(special != null ? special : PgTimes.date(date.toLocalDate()));
        }
        throw unexpected("date", value);
    }

    private static JsonNode timestamp(Object value) {
        if (value instanceof Instant instant) {
            if (instant.equals(PostgresValueConverter.POSITIVE_INFINITY_INSTANT)) {
                return NODES.textNode("infinity");
            }
            if (instant.equals(PostgresValueConverter.NEGATIVE_INFINITY_INSTANT)) {
                return NODES.textNode("-infinity");
            }
            return NODES.textNode(PgTimes.timestamp(PgTimes.utc(instant)));
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            String special = infinity(timestamp.getTime());
            return NODES.textNode(special != null ? special : PgTimes.timestamp(timestamp.toLocalDateTime()));
        }
        if (value instanceof LocalDateTime local) {
            return NODES.textNode(PgTimes.timestamp(local));
        }
        throw unexpected("timestamp", value);
    }

    private static JsonNode timestampTz(Object value) {
        if (value instanceof OffsetDateTime time) {
            if (time.equals(PostgresValueConverter.POSITIVE_INFINITY_OFFSET_DATE_TIME)) {
                return NODES.textNode("infinity");
            }
            if (time.equals(PostgresValueConverter.NEGATIVE_INFINITY_OFFSET_DATE_TIME)) {
                return NODES.textNode("-infinity");
            }
            return NODES.textNode(PgTimes.timestampUtc(time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()));
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            String special = infinity(timestamp.getTime());
            return NODES.textNode(special != null ? special : PgTimes.timestampUtc(PgTimes.utc(timestamp.toInstant())));
        }
        if (value instanceof Instant instant) {
            return NODES.textNode(PgTimes.timestampUtc(PgTimes.utc(instant)));
        }
        throw unexpected("timestamptz", value);
    }

    private static String time(Object value) {
        if (value instanceof LocalTime time) {
            return PgTimes.time(time);
        }
        if (value instanceof java.sql.Time time) {
            return PgTimes.time(time.toLocalTime());
        }
        if (value instanceof Long micros) {
            return micros == 86_400_000_000L ? "24:00:00" : PgTimes.time(LocalTime.ofNanoOfDay(micros * 1000));
        }
        throw unexpected("time", value);
    }

    private static String timeTz(Object value) {
        if (value instanceof OffsetTime time) {
            OffsetTime utc = time.withOffsetSameInstant(ZoneOffset.UTC);
            return PgTimes.timeUtc(utc.toLocalTime().toNanoOfDay() / 1000);
        }
        throw unexpected("timetz", value);
    }

    private static JsonNode array(PgType type, Object value) {
        if (value instanceof java.sql.Array array) {
            String text = array.toString();
            if (text == null) {
                try {
                    return elements(type.element(), List.of((Object[]) array.getArray()));
                } catch (SQLException e) {
                    throw new IllegalArgumentException("could not read the array: " + e.getMessage(), e);
                }
            }
            return fromText(type, text);
        }
        if (value instanceof List<?> list) {
            return elements(type.element(), list);
        }
        if (value instanceof Object[] objects) {
            return elements(type.element(), List.of(objects));
        }
        throw unexpected("array", value);
    }

    private static ArrayNode elements(PgType element, List<?> items) {
        ArrayNode array = NODES.arrayNode(items.size());
        for (Object item : items) {
            if (item instanceof List<?> nested) {
                array.add(elements(element, nested));
            } else {
                array.add(json(element, item));
            }
        }
        return array;
    }

    private static ObjectNode composite(PgType type, String text) {
        List<String> values = PgLiterals.composite(text);
        if (values.size() != type.fields().size()) {
            throw new IllegalArgumentException("composite value of " + type.name() + " has " + values.size()
                    + " fields, the type has " + type.fields().size());
        }
        ObjectNode object = NODES.objectNode();
        for (int i = 0; i < values.size(); i++) {
            PgType.Field field = type.fields().get(i);
            object.set(field.name(), values.get(i) == null ? NODES.nullNode() : fromText(field.type(), values.get(i)));
        }
        return object;
    }

    private static String text(Object value) {
        if (value instanceof PGpoint point) {
            return point(point);
        }
        if (value instanceof PGbox box) {
            return point(box.point[0]) + "," + point(box.point[1]);
        }
        if (value instanceof PGlseg lseg) {
            return "[" + point(lseg.point[0]) + "," + point(lseg.point[1]) + "]";
        }
        if (value instanceof PGline line) {
            return "{" + PgNumbers.float8Text(line.a) + "," + PgNumbers.float8Text(line.b) + ","
                    + PgNumbers.float8Text(line.c) + "}";
        }
        if (value instanceof PGcircle circle) {
            return "<" + point(circle.center) + "," + PgNumbers.float8Text(circle.radius) + ">";
        }
        if (value instanceof PGpath path) {
            return (path.isOpen() ? "[" : "(") + points(path.points) + (path.isOpen() ? "]" : ")");
        }
        if (value instanceof PGpolygon polygon) {
            return "(" + points(polygon.points) + ")";
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (value instanceof UUID || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof java.sql.SQLXML xml) {
            try {
                return xml.getString();
            } catch (SQLException e) {
                throw new IllegalArgumentException("could not read xml: " + e.getMessage(), e);
            }
        }
        return value.toString();
    }

    private static String points(PGpoint[] points) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < points.length; i++) {
            text.append(i == 0 ? "" : ",").append(point(points[i]));
        }
        return text.toString();
    }

    private static String point(PGpoint point) {
        return "(" + PgNumbers.float8Text(point.x) + "," + PgNumbers.float8Text(point.y) + ")";
    }

    private static boolean isGeometric(Object value) {
        return value instanceof PGpoint || value instanceof PGbox || value instanceof PGlseg || value instanceof PGline
                || value instanceof PGcircle || value instanceof PGpath || value instanceof PGpolygon;
    }

    private static String infinity(long millis) {
        if (millis == PGStatement.DATE_POSITIVE_INFINITY) {
            return "infinity";
        }
        if (millis == PGStatement.DATE_NEGATIVE_INFINITY) {
            return "-infinity";
        }
        return null;
    }

    private static PGInterval interval(String text) {
        try {
            return new PGInterval(text);
        } catch (SQLException e) {
            throw new IllegalArgumentException("not an interval: '" + text + "'");
        }
    }

    /** The amount of a {@code money} text such as {@code $1,000.00} or {@code -$5.25}, in the C locale's form. */
    private static BigDecimal money(String text) {
        String trimmed = text.strip();
        boolean negative = trimmed.startsWith("-") || trimmed.startsWith("(");
        StringBuilder digits = new StringBuilder(negative ? "-" : "");
        for (char c : trimmed.toCharArray()) {
            if (Character.isDigit(c) || c == '.') {
                digits.append(c);
            }
        }
        try {
            return new BigDecimal(digits.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a money amount: '" + text + "'");
        }
    }

    /** A {@code bytea} in either output format: hex ({@code \xdeadbeef}) or escape ({@code a\000b}). */
    private static byte[] byteaText(String text) {
        if (text.startsWith("\\x")) {
            return HexFormat.of().parseHex(text, 2, text.length());
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\\') {
                out.write('\\');
                i++;
            } else if (c == '\\' && i + 3 < text.length()) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        throw unexpected("bytea", value);
    }

    private static IllegalArgumentException unexpected(String type, Object value) {
        return new IllegalArgumentException("a " + type + " value arrived as " + value.getClass().getName());
    }
}
