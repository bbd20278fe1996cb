package io.tributary.model.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * A number as the {@code where} operators compare it: an exact decimal, or one of PostgreSQL's special values
 * ordered as PostgreSQL orders {@code numeric}: {@code -Infinity} below every number, {@code Infinity} above every
 * number, {@code NaN} above {@code Infinity} and equal to itself. It comes from a JSON number or from a string
 * spelled as one ({@code "12.50"}, {@code "-3e2"}, {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}), which
 * is how a numeric column's special values (and numbers some producers send as text) arrive. Immutable.
 */
final class Numeric implements Comparable<Numeric> {

    /** Longest string read as a number: the same bound the event parser puts on a JSON number. */
    static final int MAX_LENGTH = 1000;
    private static final int MAX_EXPONENT_DIGITS = 9;

    static final Numeric NEGATIVE_INFINITY = new Numeric(-1, null, false, 0);
    static final Numeric POSITIVE_INFINITY = new Numeric(1, null, false, 0);
    static final Numeric NAN = new Numeric(2, null, false, 0);

    /** -1 for -Infinity, 0 for a finite number, 1 for Infinity, 2 for NaN. */
    private final int rank;
    private final BigDecimal decimal;
    private final boolean isLong;
    private final long asLong;

    private Numeric(int rank, BigDecimal decimal, boolean isLong, long asLong) {
        this.rank = rank;
        this.decimal = decimal;
        this.isLong = isLong;
        this.asLong = asLong;
    }

    /** The value of a JSON number node. */
    static Numeric of(JsonNode number) {
        if (number.isDouble() || number.isFloat()) {
            double value = number.doubleValue();
            if (Double.isNaN(value)) {
                return NAN;
            }
            if (Double.isInfinite(value)) {
                return value > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
            }
        }
        if (number.isIntegralNumber() && number.canConvertToLong()) {
            return new Numeric(0, null, true, number.longValue());
        }
        return new Numeric(0, JsonValues.decimal(number), false, 0);
    }

    /** The number a string spells, or {@code null} when it is not spelled as a number. */
    static Numeric parse(String text) {
        int length = text.length();
        if (length == 0 || length > MAX_LENGTH) {
            return null;
        }
        char first = text.charAt(0);
        if (first == 'N' || first == 'I' || (first == '-' && length > 1 && text.charAt(1) == 'I')) {
            return switch (text) {
                case "NaN" -> NAN;
                case "Infinity" -> POSITIVE_INFINITY;
                case "-Infinity" -> NEGATIVE_INFINITY;
                default -> null;
            };
        }
        if (!isNumberShape(text)) {
            return null;
        }
        BigDecimal decimal = new BigDecimal(text);
        if (decimal.scale() <= 0 && decimal.precision() - decimal.scale() <= 18) {
            return new Numeric(0, decimal, true, decimal.longValueExact());
        }
        return new Numeric(0, decimal, false, 0);
    }

    /**
     * Whether the text is a number in JSON's grammar ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}),
     * which is also how PostgreSQL writes {@code numeric} and {@code float8}: {@code "007"}, {@code "+1"},
     * {@code ".5"} and {@code "1."} are strings, not numbers.
     */
    static boolean isNumberShape(String text) {
        int length = text.length();
        int i = 0;
        if (i < length && text.charAt(i) == '-') {
            i++;
        }
        if (i >= length || !isDigit(text.charAt(i))) {
            return false;
        }
        if (text.charAt(i) == '0') {
            i++;
        } else {
            while (i < length && isDigit(text.charAt(i))) {
                i++;
            }
        }
        if (i < length && text.charAt(i) == '.') {
            int start = ++i;
            while (i < length && isDigit(text.charAt(i))) {
                i++;
            }
            if (i == start) {
                return false;
            }
        }
        if (i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int start = i;
            while (i < length && isDigit(text.charAt(i))) {
                i++;
            }
            if (i == start || i - start > MAX_EXPONENT_DIGITS) {
                return false;
            }
        }
        return i == length;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public int compareTo(Numeric other) {
        if (rank != 0 || other.rank != 0) {
            return Integer.compare(rank, other.rank);
        }
        if (isLong && other.isLong) {
            return Long.compare(asLong, other.asLong);
        }
        return decimal().compareTo(other.decimal());
    }

    /** Compares a JSON number node with this number, without building a decimal when both fit a long. */
    int compareFrom(JsonNode number) {
        if (rank != 0 || number.isDouble() || number.isFloat()) {
            return of(number).compareTo(this);
        }
        if (isLong && number.isIntegralNumber() && number.canConvertToLong()) {
            return Long.compare(number.longValue(), asLong);
        }
        return JsonValues.decimal(number).compareTo(decimal());
    }

    private BigDecimal decimal() {
        // An operand keeps its decimal; a value that fits a long builds one only when compared with a fraction.
        return decimal != null ? decimal : BigDecimal.valueOf(asLong);
    }

    @Override
    public String toString() {
        return switch (rank) {
            case -1 -> "-Infinity";
            case 1 -> "Infinity";
            case 2 -> "NaN";
            default -> decimal().toPlainString();
        };
    }
}
