package io.tributary.model.filter;

/**
 * Reads the spellings of dates, timestamps and times that PostgreSQL's {@code to_jsonb} writes and ISO 8601
 * allows, checking the shape character by character so that text which is not one costs no exception:
 * <ul>
 *   <li>a point on the time line ({@link #moment}): {@code 2024-01-15} (a date, read as its midnight),
 *       {@code 2024-01-15T10:30:00.5} (no offset), {@code 2024-01-15T10:30:00.5+00:00}, {@code ...Z},
 *       {@code ...+02}, {@code ...+0530}, {@code ...-03:00:00}; a space instead of {@code T}; seconds and a
 *       fraction of 1 to 9 digits optional; {@code 24:00:00} (the next midnight); years of 4 to 9 digits, signed
 *       or followed by {@code " BC"} ({@code 0044-03-15 BC} is the year -43); {@code infinity}, {@code -infinity};</li>
 *   <li>a time of day ({@link #timeOfDay}): {@code 10:30}, {@code 10:30:00.5}, {@code 24:00:00}, with an optional
 *       offset ({@code 10:00:00+02}).</li>
 * </ul>
 * Without an offset, a value is read as UTC (the capture's session time zone), so two values without offset
 * compare as local date-times and a value without offset compares with one with an offset as if it were UTC.
 * Calendar dates are checked ({@code 2024-02-30} is not a date). Not thread-safe as an instance; the static
 * methods are.
 */
final class TemporalSpelling {

    /** What {@link #timeOfDay} answers for text that is not a time. */
    static final long NOT_A_TIME = Long.MIN_VALUE;

    private static final int MAX_LENGTH = 64;
    private static final int NO_OFFSET = Integer.MIN_VALUE;
    private static final int INVALID_OFFSET = Integer.MAX_VALUE;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;
    private static final long DAYS_0000_TO_1970 = 719_528L;
    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L,
        10_000_000L, 100_000_000L, 1_000_000_000L};

    private final String text;
    private int pos;
    private int end;

    private TemporalSpelling(String text) {
        this.text = text;
        this.end = text.length();
    }

    /** The point on the time line a date or timestamp spells, or {@code null} when the text is not one. */
    static Moment moment(String text) {
        int length = text.length();
        if (length == 8 || length == 9) {
            if (text.equals("infinity")) {
                return Moment.POSITIVE_INFINITY;
            }
            return text.equals("-infinity") ? Moment.NEGATIVE_INFINITY : null;
        }
        if (length < 10 || length > MAX_LENGTH) {
            return null;
        }
        char first = text.charAt(0);
        if (!isDigit(first) && first != '-' && first != '+') {
            return null;
        }
        return new TemporalSpelling(text).readMoment();
    }

    /**
     * The nanoseconds since midnight UTC a time of day spells (its offset subtracted, not wrapped around midnight,
     * so {@code 23:00-02} is 25 hours), or {@link #NOT_A_TIME}.
     */
    static long timeOfDay(String text) {
        int length = text.length();
        if (length < 5 || length > MAX_LENGTH || !isDigit(text.charAt(0)) || text.charAt(2) != ':') {
            return NOT_A_TIME;
        }
        TemporalSpelling spelling = new TemporalSpelling(text);
        long clock = spelling.clock();
        if (clock < 0) {
            return NOT_A_TIME;
        }
        int offset = spelling.offset();
        if (offset == INVALID_OFFSET || spelling.pos != spelling.end) {
            return NOT_A_TIME;
        }
        return offset == NO_OFFSET ? clock : clock - offset * NANOS_PER_SECOND;
    }

    private Moment readMoment() {
        boolean bc = text.endsWith(" BC");
        if (bc) {
            end -= 3;
        }
        long sign = 1;
        char first = text.charAt(0);
        if (first == '+' || first == '-') {
            if (bc) {
                return null;
            }
            sign = first == '-' ? -1 : 1;
            pos = 1;
        }
        int yearStart = pos;
        while (pos < end && pos - yearStart < 10 && isDigit(text.charAt(pos))) {
            pos++;
        }
        int yearDigits = pos - yearStart;
        if (yearDigits < 4 || yearDigits > 9) {
            return null;
        }
        long year = sign * digits(yearStart, pos);
        if (bc) {
            if (year == 0) {
                return null;
            }
            year = 1 - year;
        }
        if (!expect('-')) {
            return null;
        }
        int month = twoDigits();
        if (month < 1 || month > 12 || !expect('-')) {
            return null;
        }
        int day = twoDigits();
        if (day < 1 || day > lengthOfMonth(year, month)) {
            return null;
        }
        long seconds = epochDay(year, month, day) * SECONDS_PER_DAY;
        if (pos == end) {
            return new Moment(0, seconds, 0);
        }
        char separator = text.charAt(pos++);
        if (separator != 'T' && separator != ' ') {
            return null;
        }
        long clock = clock();
        if (clock < 0) {
            return null;
        }
        int offset = offset();
        if (offset == INVALID_OFFSET || pos != end) {
            return null;
        }
        seconds += clock / NANOS_PER_SECOND - (offset == NO_OFFSET ? 0 : offset);
        return new Moment(0, seconds, (int) (clock % NANOS_PER_SECOND));
    }

    /** {@code HH:MM[:SS[.fraction]]} as nanoseconds since midnight, or -1. */
    private long clock() {
        int hours = twoDigits();
        if (hours < 0 || hours > 24 || !expect(':')) {
            return -1;
        }
        int minutes = twoDigits();
        if (minutes < 0 || minutes > 59) {
            return -1;
        }
        int seconds = 0;
        long fraction = 0;
        if (expect(':')) {
            seconds = twoDigits();
            // 60 is a leap second; PostgreSQL reads it as the start of the next minute, and so does this sum.
            if (seconds < 0 || seconds > 60) {
                return -1;
            }
            if (expect('.')) {
                int start = pos;
                while (pos < end && isDigit(text.charAt(pos))) {
                    pos++;
                }
                int count = pos - start;
                if (count == 0 || count > 9) {
                    return -1;
                }
                fraction = digits(start, pos) * POWERS_OF_TEN[9 - count];
            }
        }
        if (hours == 24 && (minutes != 0 || seconds != 0 || fraction != 0)) {
            return -1;
        }
        return (hours * 3600L + minutes * 60L + seconds) * NANOS_PER_SECOND + fraction;
    }

    /** {@code Z}, {@code ±HH}, {@code ±HH:MM}, {@code ±HHMM}, {@code ±HH:MM:SS} as seconds east of UTC. */
    private int offset() {
        if (pos == end) {
            return NO_OFFSET;
        }
        char sign = text.charAt(pos++);
        if (sign == 'Z' || sign == 'z') {
            return 0;
        }
        if (sign != '+' && sign != '-') {
            return INVALID_OFFSET;
        }
        int hours = twoDigits();
        if (hours < 0 || hours > 18) {
            return INVALID_OFFSET;
        }
        int minutes = 0;
        int seconds = 0;
        if (pos < end) {
            boolean extended = expect(':');
            minutes = twoDigits();
            if (minutes < 0 || minutes > 59) {
                return INVALID_OFFSET;
            }
            if (pos < end) {
                if (extended && !expect(':')) {
                    return INVALID_OFFSET;
                }
                seconds = twoDigits();
                if (seconds < 0 || seconds > 59) {
                    return INVALID_OFFSET;
                }
            }
        }
        int total = hours * 3600 + minutes * 60 + seconds;
        return sign == '-' ? -total : total;
    }

    private int twoDigits() {
        if (pos + 2 > end || !isDigit(text.charAt(pos)) || !isDigit(text.charAt(pos + 1))) {
            return -1;
        }
        int value = (text.charAt(pos) - '0') * 10 + (text.charAt(pos + 1) - '0');
        pos += 2;
        return value;
    }

    private boolean expect(char c) {
        if (pos < end && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private long digits(int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLeap(long year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(long year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date; the computation of {@code LocalDate.toEpochDay}. */
    private static long epochDay(long year, int month, int day) {
        long total = 365 * year;
        if (year >= 0) {
            total += (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
        } else {
            total -= year / -4 - year / -100 + year / -400;
        }
        total += (367L * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!isLeap(year)) {
                total--;
            }
        }
        return total - DAYS_0000_TO_1970;
    }
}
