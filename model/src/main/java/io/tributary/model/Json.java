package io.tributary.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * The one Jackson 2 mapper every Tributary module uses for the contracts of docs/design.md.
 *
 * <p>Numbers are read as exact decimals ({@code BigDecimal}/{@code BigInteger}), never as doubles, so a value
 * keeps the digits it was written with; nesting is limited so that hostile input cannot exhaust the stack.
 * The mapper is thread-safe and must not be reconfigured.
 */
public final class Json {

    /** Deepest nesting of any JSON document Tributary reads. */
    public static final int MAX_NESTING_DEPTH = 200;

    private static final ObjectMapper MAPPER = JsonMapper.builder(
                    new com.fasterxml.jackson.core.JsonFactoryBuilder()
                            .streamReadConstraints(StreamReadConstraints.builder()
                                    .maxNestingDepth(MAX_NESTING_DEPTH)
                                    .maxNumberLength(1000)
                                    .build())
                            .addDecorator((factory, generator) -> new PlainDecimals(generator))
                            .build())
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .addModule(new JavaTimeModule())
            .build();

    private Json() {
    }

    /**
     * Writes decimals in plain notation ({@code 0.0000000100}, not {@code 1.00E-8}), as PostgreSQL and most JSON
     * readers spell them, with every digit and the scale kept. A number whose plain form would be longer than
     * {@value #MAX_PLAIN_NUMBER_LENGTH} characters (a huge exponent) keeps the exact scientific form instead, so
     * that no input can make a writer produce an unbounded number.
     */
    private static final class PlainDecimals extends com.fasterxml.jackson.core.util.JsonGeneratorDelegate {

        PlainDecimals(com.fasterxml.jackson.core.JsonGenerator delegate) {
            super(delegate, false);
        }

        @Override
        public void writeNumber(java.math.BigDecimal value) throws java.io.IOException {
            if (value != null && plainLength(value) <= MAX_PLAIN_NUMBER_LENGTH) {
                delegate.writeNumber(value.toPlainString());
            } else {
                delegate.writeNumber(value);
            }
        }

        private static long plainLength(java.math.BigDecimal value) {
            long digits = value.precision();
            int scale = value.scale();
            return scale < 0 ? digits - scale : Math.max(digits, scale + 1L) + 2;
        }
    }

    /** A place the parser names in its message, such as {@code [Source: REDACTED (...); line: 1, column: 1]}. */
    private static final java.util.regex.Pattern PARSER_LOCATION = java.util.regex.Pattern.compile(
            "\\[Source: [^\\]]*?; line: (-?[0-9]+), column: (-?[0-9]+)\\]");

    /** The longest number written in plain notation: the longest number Tributary reads. */
    public static final int MAX_PLAIN_NUMBER_LENGTH = 1000;

    /** The shared mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses a JSON text.
     *
     * @throws IllegalArgumentException {@code not valid JSON: <the parser's reason> (line <l>, column <c>)} when it
     *                                  is not JSON
     */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + problem(e), e);
        }
    }

    /**
     * Why a text is not JSON, as a person reads it: the parser's reason and where it stopped, such as
     * {@code Unexpected character ('n' (code 110)): was expecting double-quote to start field name (line 1,
     * column 2)}; without the parser's echo of the source.
     */
    public static String problem(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        // The parser names other places as "[Source: REDACTED (...); line: 1, column: 1]": kept as "line 1, column 1".
        String reason = PARSER_LOCATION.matcher(String.valueOf(e.getOriginalMessage()))
                .replaceAll("line $1, column $2");
        return reason + (at == null || at.getLineNr() < 1 ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }

    /** Writes a value as compact JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
