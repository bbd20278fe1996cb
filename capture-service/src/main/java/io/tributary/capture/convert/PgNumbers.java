package io.tributary.capture.convert;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Floating-point values as PostgreSQL prints them ({@code float4out}/{@code float8out} with the default
 * {@code extra_float_digits = 1}): the shortest decimal that reads back as the same binary value, in plain
 * notation from 1e-4 up to 1e15 (1e6 for {@code real}) and as {@code 1.5e+20} beyond. Stateless and thread-safe.
 */
final class PgNumbers {

    private static final int DBL_DIG = 15;
    private static final int FLT_DIG = 6;

    private PgNumbers() {
    }

    /** The shortest decimal that reads back as {@code value}; {@code value} must be finite. */
    static BigDecimal shortest(double value) {
        if (value == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) {
                return plain(rounded);
            }
        }
        return plain(exact.round(new MathContext(17, RoundingMode.HALF_EVEN)));
    }

    /** The shortest decimal that reads back as {@code value}; {@code value} must be finite. */
    static BigDecimal shortest(float value) {
        if (value == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision < 9; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (Float.parseFloat(rounded.toString()) == value) {
                return plain(rounded);
            }
        }
        return plain(exact.round(new MathContext(9, RoundingMode.HALF_EVEN)));
    }

    /** PostgreSQL's spelling of a special value ({@code NaN}, {@code Infinity}, {@code -Infinity}), or null. */
    static String special(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return null;
    }

    /** The text {@code float8out} gives, as used inside geometric values: {@code 1}, {@code 0.5}, {@code 1e+20}. */
    static String float8Text(double value) {
        String special = special(value);
        if (special != null) {
            return special;
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        return text(shortest(value), DBL_DIG);
    }

    /** The text {@code float4out} gives. */
    static String float4Text(float value) {
        String special = special(value);
        if (special != null) {
            return special;
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        return text(shortest(value), FLT_DIG);
    }

    private static String text(BigDecimal shortest, int digits) {
        BigDecimal stripped = shortest.stripTrailingZeros();
        String mantissa = stripped.unscaledValue().abs().toString();
        int exponent = mantissa.length() - 1 - stripped.scale();
        if (exponent < -4 || exponent >= digits) {
            StringBuilder text = new StringBuilder(stripped.signum() < 0 ? "-" : "");
            text.append(mantissa.charAt(0));
            if (mantissa.length() > 1) {
                text.append('.').append(mantissa, 1, mantissa.length());
            }
            text.append('e').append(exponent < 0 ? '-' : '+');
            if (Math.abs(exponent) < 10) {
                text.append('0');
            }
            return text.append(Math.abs(exponent)).toString();
        }
        return stripped.toPlainString();
    }

    /** A decimal with no negative scale, so that it is written in plain notation. */
    static BigDecimal plain(BigDecimal value) {
        return value.scale() < 0 ? value.setScale(0) : value;
    }
}
