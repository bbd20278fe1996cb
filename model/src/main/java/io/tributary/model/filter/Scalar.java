package io.tributary.model.filter;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A scalar JSON value classified by the kind the {@code where} operators compare it as, once: an operand when
 * the subscription is compiled, an event's value when it is tested.
 *
 * <p>Kinds: a <b>number</b> (a JSON number or a string spelled as one, see {@link Numeric}); a <b>point in
 * time</b> (a string spelled as a date, a timestamp with or without offset, {@code infinity} or
 * {@code -infinity}, see {@link TemporalSpelling}); a <b>time of day</b> (with or without offset); any other
 * <b>string</b> (compared by Unicode code point); a <b>boolean</b>; {@code null}. Two values compare only when
 * they are of the same kind; otherwise {@link #compareFrom} answers {@link #INCOMPARABLE} and they are not equal.
 * Immutable and thread-safe.
 */
final class Scalar {

    /** What a comparison answers when the two values are of different kinds. */
    static final int INCOMPARABLE = Integer.MIN_VALUE;

    enum Kind { NUMBER, MOMENT, TIME, STRING, BOOLEAN, NULL }

    private final Kind kind;
    private final Numeric number;
    private final Moment moment;
    private final long time;
    private final String text;
    private final boolean bool;

    private Scalar(Kind kind, Numeric number, Moment moment, long time, String text, boolean bool) {
        this.kind = kind;
        this.number = number;
        this.moment = moment;
        this.time = time;
        this.text = text;
        this.bool = bool;
    }

    /** The classified value of a scalar node (a number, string, boolean or null); containers are not scalars. */
    static Scalar of(JsonNode node) {
        if (node.isNumber()) {
            return new Scalar(Kind.NUMBER, Numeric.of(node), null, 0, null, false);
        }
        if (node.isTextual()) {
            return ofText(node.textValue());
        }
        if (node.isBoolean()) {
            return new Scalar(Kind.BOOLEAN, null, null, 0, null, node.booleanValue());
        }
        if (node.isNull()) {
            return new Scalar(Kind.NULL, null, null, 0, null, false);
        }
        throw new IllegalArgumentException("not a scalar: " + node.getNodeType());
    }

    static Scalar ofText(String text) {
        if (!mayBeSpelledValue(text)) {
            return new Scalar(Kind.STRING, null, null, 0, text, false);
        }
        Numeric number = Numeric.parse(text);
        if (number != null) {
            return new Scalar(Kind.NUMBER, number, null, 0, text, false);
        }
        Moment moment = TemporalSpelling.moment(text);
        if (moment != null) {
            return new Scalar(Kind.MOMENT, null, moment, 0, text, false);
        }
        long time = TemporalSpelling.timeOfDay(text);
        if (time != TemporalSpelling.NOT_A_TIME) {
            return new Scalar(Kind.TIME, null, null, time, text, false);
        }
        return new Scalar(Kind.STRING, null, null, 0, text, false);
    }

    /** Whether the text can be a number, a point in time or a time: the cheap test that skips most words. */
    private static boolean mayBeSpelledValue(String text) {
        if (text.isEmpty()) {
            return false;
        }
        char first = text.charAt(0);
        return (first >= '0' && first <= '9') || first == '-' || first == '+' || first == 'N' || first == 'I'
                || first == 'i';
    }

    Kind kind() {
        return kind;
    }

    /**
     * How a value of an event compares with this one: negative, zero or positive when the value is less than,
     * equal to or greater than this, {@link #INCOMPARABLE} when it is of another kind (or missing).
     */
    int compareFrom(JsonNode value) {
        if (value == null) {
            return INCOMPARABLE;
        }
        switch (kind) {
            case NUMBER:
                if (value.isNumber()) {
                    return number.compareFrom(value);
                }
                if (value.isTextual()) {
                    Numeric parsed = Numeric.parse(value.textValue());
                    return parsed == null ? INCOMPARABLE : parsed.compareTo(number);
                }
                return INCOMPARABLE;
            case MOMENT:
                if (value.isTextual()) {
                    Moment parsed = TemporalSpelling.moment(value.textValue());
                    return parsed == null ? INCOMPARABLE : parsed.compareTo(moment);
                }
                return INCOMPARABLE;
            case TIME:
                if (value.isTextual()) {
                    long parsed = TemporalSpelling.timeOfDay(value.textValue());
                    return parsed == TemporalSpelling.NOT_A_TIME ? INCOMPARABLE : Long.compare(parsed, time);
                }
                return INCOMPARABLE;
            case STRING:
                if (value.isTextual()) {
                    String other = value.textValue();
                    if (other.equals(text)) {
                        return 0;
                    }
                    return ofText(other).kind == Kind.STRING ? compareCodePoints(other, text) : INCOMPARABLE;
                }
                return INCOMPARABLE;
            default:
                return compareFrom(value.isContainerNode() ? null : of(value));
        }
    }

    /** As {@link #compareFrom(JsonNode)}, for a value already classified. */
    int compareFrom(Scalar value) {
        if (value == null || value.kind != kind) {
            return INCOMPARABLE;
        }
        return switch (kind) {
            case NUMBER -> value.number.compareTo(number);
            case MOMENT -> value.moment.compareTo(moment);
            case TIME -> Long.compare(value.time, time);
            case STRING -> compareCodePoints(value.text, text);
            case BOOLEAN -> Boolean.compare(value.bool, bool);
            case NULL -> 0;
        };
    }

    /** Whether an event's value equals this one: same kind and comparing as zero. */
    boolean equalTo(JsonNode value) {
        if (value == null) {
            return false;
        }
        if (value.isTextual() && text != null && value.textValue().equals(text)) {
            return true;
        }
        if (kind == Kind.STRING) {
            // A different spelling of the same string does not exist: any other text is unequal.
            return false;
        }
        return compareFrom(value) == 0;
    }

    /** Compares two strings by Unicode code point. */
    static int compareCodePoints(String a, String b) {
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

    @Override
    public String toString() {
        return switch (kind) {
            case NUMBER -> "number " + number;
            case MOMENT -> "point in time " + text;
            case TIME -> "time " + text;
            case STRING -> "string " + text;
            case BOOLEAN -> String.valueOf(bool);
            case NULL -> "null";
        };
    }
}
