package io.tributary.model.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * Equality and order of JSON values as Tributary's filter language defines them: numbers by exact decimal value
 * ({@code 1}, {@code 1.0} and {@code 1e0} are equal), strings by their characters, never a string equal to a
 * number, objects and arrays element by element. Stateless and thread-safe.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** Whether two JSON values are equal; {@code null} (missing) equals nothing, not even another missing value. */
    public static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.isNumber() && b.isNumber()) {
            return compareNumbers(a, b) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        switch (a.getNodeType()) {
            case STRING:
                return a.textValue().equals(b.textValue());
            case BOOLEAN:
                return a.booleanValue() == b.booleanValue();
            case NULL:
                return true;
            case ARRAY:
                if (a.size() != b.size()) {
                    return false;
                }
                for (int i = 0; i < a.size(); i++) {
                    if (!equal(a.get(i), b.get(i))) {
                        return false;
                    }
                }
                return true;
            case OBJECT:
                if (a.size() != b.size()) {
                    return false;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (!equal(field.getValue(), b.get(field.getKey()))) {
                        return false;
                    }
                }
                return true;
            default:
                return a.equals(b);
        }
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

    /** Compares two strings by Unicode code point, which orders ISO-8601 timestamps in time order. */
    static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
