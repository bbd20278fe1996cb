package io.tributary.sync.pg;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.tributary.model.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The spelling of captured values (PostgreSQL's {@code to_jsonb} in a UTC, ISO-8601 session, with {@code bytea} as
 * base64 and {@code money} as a number) and the few conversions a sync needs: base64 to PostgreSQL's {@code bytea}
 * hex input and back, the placeholder of a value the change did not carry, and JSON written with every number as it
 * was read. Stateless and thread-safe.
 */
public final class CapturedValues {

    /** What Debezium writes for an unchanged TOASTed value it did not receive; never a real value to write. */
    public static final String UNAVAILABLE = "__debezium_unavailable_value";

    private static final String UNAVAILABLE_BASE64 =
            Base64.getEncoder().encodeToString(UNAVAILABLE.getBytes(StandardCharsets.UTF_8));

    /** Numbers whose plain notation would be longer than this many digits after the point keep their exponent. */
    private static final int MAX_PLAIN_SCALE = 20_000;

    private CapturedValues() {
    }

    /**
     * Whether the value is the placeholder of an unchanged TOASTed value: the placeholder text, its base64 (as a
     * {@code bytea} column carries it), or an array holding only placeholders.
     */
    public static boolean isUnavailable(JsonNode value) {
        if (value == null) {
            return false;
        }
        if (value.isTextual()) {
            return value.textValue().equals(UNAVAILABLE) || value.textValue().equals(UNAVAILABLE_BASE64);
        }
        if (value.isArray() && !value.isEmpty()) {
            for (JsonNode element : value) {
                if (!isUnavailable(element)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * A {@code bytea} value (or array of them, any depth) from its captured base64 to PostgreSQL's hex input
     * ({@code \xdeadbeef}); nulls stay null.
     *
     * @throws IllegalArgumentException naming {@code field} when a value is not RFC 4648 base64
     */
    public static JsonNode byteaInput(String field, JsonNode value) {
        if (value == null || value.isNull()) {
            return value;
        }
        if (value.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode(value.size());
            value.forEach(element -> array.add(byteaInput(field, element)));
            return array;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + ": a bytea value must be a base64 string, got "
                    + value.getNodeType().name().toLowerCase());
        }
        try {
            return TextNode.valueOf("\\x" + HexFormat.of().formatHex(Base64.getDecoder().decode(value.textValue())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": a bytea value must be base64 (RFC 4648): " + e.getMessage());
        }
    }

    /** A {@code bytea} value (or array of them) from PostgreSQL's hex output ({@code \xdeadbeef}) to base64. */
    public static JsonNode byteaCaptured(JsonNode value) {
        if (value == null || value.isNull()) {
            return value;
        }
        if (value.isArray()) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode(value.size());
            value.forEach(element -> array.add(byteaCaptured(element)));
            return array;
        }
        String text = value.asText();
        if (!text.startsWith("\\x")) {
            throw new IllegalArgumentException("not PostgreSQL's hex bytea output: " + abbreviate(text));
        }
        return TextNode.valueOf(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(text, 2, text.length())));
    }

    /**
     * Compact JSON with every number spelled as it was read: {@code 0.0000000100} stays so (Jackson would write
     * {@code 1.00E-8}), integers keep every digit; only a number read with an exponent that plain notation would
     * blow up keeps an exponent.
     */
    public static String write(JsonNode value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = new JsonGeneratorDelegate(
                Json.mapper().getFactory().createGenerator(out), false) {
            @Override
            public void writeNumber(BigDecimal number) throws IOException {
                delegate.writeNumber(numberText(number));
            }
        }) {
            Json.mapper().writeTree(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A decimal in plain notation with its scale ({@code 0.0000000100}), or with its exponent when it had one. */
    static String numberText(BigDecimal number) {
        if (number.scale() < 0 || number.scale() > MAX_PLAIN_SCALE) {
            // In lower case, as PostgreSQL writes exponents (1.7976931348623157e+308).
            return number.toString().toLowerCase(Locale.ROOT);
        }
        return number.toPlainString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
