package io.tributary.model.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * JSON numbers by exact decimal value, as containment ({@code @>}) compares them: {@code 1}, {@code 1.0} and
 * {@code 1e0} are equal. Stateless and thread-safe.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** Compares two JSON numbers by exact value. */
    public static int compareNumbers(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong() && b.canConvertToLong()) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return decimal(a).compareTo(decimal(b));
    }

    /** Compares a JSON number with an exact decimal. */
    static int compareNumber(JsonNode number, BigDecimal value, boolean valueIsLong, long valueAsLong) {
        if (valueIsLong && number.isIntegralNumber() && number.canConvertToLong()) {
            return Long.compare(number.longValue(), valueAsLong);
        }
        return decimal(number).compareTo(value);
    }

    static BigDecimal decimal(JsonNode number) {
        if (number.isDouble() || number.isFloat()) {
            // Doubles only appear in documents built in code; their shortest decimal form is what was meant.
            return new BigDecimal(Double.toString(number.doubleValue()));
        }
        return number.decimalValue();
    }
}
