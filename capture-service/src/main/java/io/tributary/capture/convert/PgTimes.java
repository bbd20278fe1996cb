package io.tributary.capture.convert;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PGInterval;

/**
 * Dates, times and intervals spelled as {@code to_jsonb} spells them in a session with {@code TimeZone} UTC and
 * {@code IntervalStyle} iso_8601 (PostgreSQL's {@code JsonEncodeDateTime} with {@code USE_XSD_DATES}): years of at
 * least four digits, a year before 1 AD as its BC year with {@code " BC"} at the end, fractions of a second to the
 * microsecond without trailing zeros. Stateless and thread-safe.
 */
final class PgTimes {

    private static final long MICROS_PER_DAY = 86_400_000_000L;
    private static final Pattern ZONED = Pattern.compile(
            "(\\d{4,}-\\d{2}-\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,6})?([+-])(\\d{2})(?::(\\d{2}))?(?::(\\d{2}))?( BC)?");
    private static final Pattern TIME_TZ = Pattern.compile(
            "(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,6})?([+-])(\\d{2})(?::(\\d{2}))?(?::(\\d{2}))?");

    private PgTimes() {
    }

    /** {@code 2024-01-15}, {@code 0044-03-15 BC}. */
    static String date(LocalDate date) {
        return datePart(date) + (date.getYear() <= 0 ? " BC" : "");
    }

    /** {@code 2024-01-15T10:30:00.5}. */
    static String timestamp(LocalDateTime time) {
        return datePart(time.toLocalDate()) + "T" + time(time.toLocalTime()) + (time.getYear() <= 0 ? " BC" : "");
    }

    /** {@code 2024-01-15T10:30:00.5+00:00}, the instant in UTC. */
    static String timestampUtc(LocalDateTime utc) {
        return datePart(utc.toLocalDate()) + "T" + time(utc.toLocalTime()) + "+00:00" + (utc.getYear() <= 0 ? " BC" : "");
    }

    /** {@code 10:30:00.5}. */
    static String time(LocalTime time) {
        StringBuilder text = new StringBuilder(15);
        two(text, time.getHour()).append(':');
        two(text, time.getMinute()).append(':');
        two(text, time.getSecond());
        return fraction(text, time.getNano() / 1000).toString();
    }

    /** PostgreSQL's ISO date text ({@code 2024-01-15 10:30:00.5}, BC suffix) of a timestamp, with the {@code T}. */
    static String timestampText(String text) {
        int space = text.indexOf(' ');
        return space > 0 && space + 1 < text.length() && Character.isDigit(text.charAt(space + 1))
                ? text.substring(0, space) + "T" + text.substring(space + 1) : text;
    }

    /**
     * A {@code timestamptz} as PostgreSQL prints it in any session time zone ({@code 2024-01-15 12:30:00.5+02},
     * {@code +05:30}, {@code -00:01:15} for local mean times) turned into the UTC spelling; {@code infinity} stays.
     */
    static String timestampTzText(String text) {
        if ("infinity".equals(text) || "-infinity".equals(text)) {
            return text;
        }
        Matcher m = ZONED.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a timestamptz in ISO style: '" + text + "'");
        }
        LocalDate date = LocalDate.parse(m.group(1).indexOf('-') > 4 ? "+" + m.group(1) : m.group(1));
        if (m.group(10) != null) {
            date = date.withYear(1 - date.getYear());
        }
        LocalDateTime local = date.atStartOfDay().plusHours(Integer.parseInt(m.group(2)))
                .plusMinutes(Integer.parseInt(m.group(3))).plusSeconds(Integer.parseInt(m.group(4)))
                .plusNanos(micros(m.group(5)) * 1000L);
        int offset = offsetSeconds(m.group(6), m.group(7), m.group(8), m.group(9));
        return timestampUtc(local.minusSeconds(offset));
    }

    /** A {@code timetz} ({@code 10:30:00+02}, {@code 24:00:00-01}) as the same time of day in UTC, {@code 08:30:00+00}. */
    static String timeTzText(String text) {
        Matcher m = TIME_TZ.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a timetz: '" + text + "'");
        }
        long micros = ((Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2))) * 60
                + Long.parseLong(m.group(3))) * 1_000_000L + micros(m.group(4));
        micros -= offsetSeconds(m.group(5), m.group(6), m.group(7), m.group(8)) * 1_000_000L;
        return timeUtc(Math.floorMod(micros, MICROS_PER_DAY));
    }

    /** A time of day in microseconds, in UTC: {@code 08:30:00.5+00}. */
    static String timeUtc(long micros) {
        return time(LocalTime.ofNanoOfDay(micros * 1000L)) + "+00";
    }

    /**
     * An interval in ISO 8601 as PostgreSQL's {@code IntervalStyle = iso_8601} prints it: {@code P1Y2M3DT4H5M6.5S},
     * each part with its own sign, months, days and time kept apart; {@code PT0S} for zero.
     */
    static String interval(PGInterval interval) {
        long months = (long) interval.getYears() * 12 + interval.getMonths();
        long days = interval.getDays();
        long micros = (((long) interval.getHours() * 60 + interval.getMinutes()) * 60 + interval.getWholeSeconds())
                * 1_000_000L + interval.getMicroSeconds();
        return interval(months, days, micros);
    }

    /** PostgreSQL's {@code EncodeInterval} for {@code INTSTYLE_ISO_8601}. */
    static String interval(long months, long days, long micros) {
        long years = months / 12;
        long mons = months % 12;
        long hours = micros / 3_600_000_000L;
        long rest = micros % 3_600_000_000L;
        long minutes = rest / 60_000_000L;
        rest = rest % 60_000_000L;
        long seconds = rest / 1_000_000L;
        long fraction = rest % 1_000_000L;
        if (years == 0 && mons == 0 && days == 0 && hours == 0 && minutes == 0 && seconds == 0 && fraction == 0) {
            return "PT0S";
        }
        StringBuilder text = new StringBuilder("P");
        part(text, years, 'Y');
        part(text, mons, 'M');
        part(text, days, 'D');
        if (hours != 0 || minutes != 0 || seconds != 0 || fraction != 0) {
            text.append('T');
        }
        part(text, hours, 'H');
        part(text, minutes, 'M');
        if (seconds != 0 || fraction != 0) {
            if (seconds < 0 || fraction < 0) {
                text.append('-');
            }
            text.append(Math.abs(seconds));
            fraction(text, Math.abs(fraction)).append('S');
        }
        return text.toString();
    }

    private static void part(StringBuilder text, long value, char unit) {
        if (value != 0) {
            text.append(value).append(unit);
        }
    }

    private static String datePart(LocalDate date) {
        int year = date.getYear() <= 0 ? 1 - date.getYear() : date.getYear();
        StringBuilder text = new StringBuilder(12);
        String digits = Integer.toString(year);
        text.append("0".repeat(Math.max(0, 4 - digits.length()))).append(digits).append('-');
        two(text, date.getMonthValue()).append('-');
        return two(text, date.getDayOfMonth()).toString();
    }

    private static StringBuilder two(StringBuilder text, int value) {
        return text.append(value < 10 ? "0" : "").append(value);
    }

    private static StringBuilder fraction(StringBuilder text, long micros) {
        if (micros == 0) {
            return text;
        }
        String digits = Long.toString(1_000_000L + micros).substring(1);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return text.append('.').append(digits, 0, end);
    }

    private static long micros(String fraction) {
        if (fraction == null) {
            return 0;
        }
        String digits = (fraction.substring(1) + "000000").substring(0, 6);
        return Long.parseLong(digits);
    }

    private static int offsetSeconds(String sign, String hours, String minutes, String seconds) {
        int offset = Integer.parseInt(hours) * 3600 + (minutes == null ? 0 : Integer.parseInt(minutes) * 60)
                + (seconds == null ? 0 : Integer.parseInt(seconds));
        return "-".equals(sign) ? -offset : offset;
    }

    /** The UTC date-time of an instant, for values read as {@code Instant}. */
    static LocalDateTime utc(java.time.Instant instant) {
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    }
}
