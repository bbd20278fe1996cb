package io.tributary.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as operators write it: ISO-8601 ({@code 2026-11-23T08:00:00Z}, with an offset, a local date-time
 * taken as UTC, or a date), {@code now}, or relative to now ({@code -2h}, {@code -30m}, {@code -45s}, {@code -1d}).
 */
final class TimeSpec {

    private static final Pattern RELATIVE = Pattern.compile("-(\\d+)([smhd])");

    private TimeSpec() {
    }

    static Instant parse(String text, Clock clock) {
        String value = text.trim();
        if (value.equals("now")) {
            return clock.instant();
        }
        Matcher relative = RELATIVE.matcher(value);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            Duration ago = switch (relative.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return clock.instant().minus(ago);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            // other forms below
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // other forms below
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // other forms below
        }
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad time '" + text + "': use ISO-8601 (2026-11-23T08:00:00Z,"
                    + " 2026-11-23) or a relative time such as -2h, -30m, -1d");
        }
    }
}
