package io.tributary.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.console.ledger.LedgerQuery;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.filter.FilterCompiler;
import io.tributary.model.filter.WhereCompiler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a search's query parameters into a {@link LedgerQuery}, checking each: a parameter the route does not take,
 * an unreadable time, status, cursor, filter or where is refused with its name and the reason, every problem at once
 * (a {@code where} is checked by the model's {@link WhereCompiler}, as a subscription's is, so its problems are named
 * by their path under {@code where}). Pure; thread-safe.
 */
public final class SearchParameters {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    static final int MAX_VALUE_LENGTH = 1024;
    static final int MAX_FILTER_LENGTH = 16_384;

    static final Set<String> COMMON = Set.of("tenant", "eventId", "type", "from", "to", "filter", "where", "limit",
            "cursor");
    public static final Set<String> EVENTS = union(COMMON, Set.of("recordId", "table"));
    /** A live tail's: an event search's without a page (it has none). */
    public static final Set<String> TAIL = EVENTS.stream().filter(name -> !name.equals("limit")
            && !name.equals("cursor")).collect(java.util.stream.Collectors.toUnmodifiableSet());
    public static final Set<String> DELIVERIES = union(COMMON, Set.of("recordId", "table", "subscription", "deliveryId",
            "endpoint", "handlerType", "outcome", "status"));
    public static final Set<String> DEAD_LETTERS = union(COMMON, Set.of("subscription", "deliveryId", "topic",
            "reasonCode"));
    public static final Set<String> ATTEMPTS = union(COMMON, Set.of("recordId", "table", "subscription",
            "deliveryId", "endpoint", "outcome", "status"));

    private SearchParameters() {
    }

    /** The query of the parameters, for a route that takes {@code allowed}; throws with every problem. */
    public static LedgerQuery read(Map<String, String[]> parameters, Set<String> allowed) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> values = new java.util.HashMap<>();
        for (Map.Entry<String, String[]> entry : new java.util.TreeMap<>(parameters).entrySet()) {
            String name = entry.getKey();
            if (!allowed.contains(name)) {
                errors.add(new FieldError(name, "is not a parameter of this search; it takes "
                        + String.join(", ", new TreeSet<>(allowed))));
            } else if (entry.getValue().length != 1) {
                errors.add(new FieldError(name, "must be given once"));
            } else if (entry.getValue()[0].length() > maxLength(name)) {
                errors.add(new FieldError(name, "is longer than " + maxLength(name) + " characters"));
            } else {
                values.put(name, entry.getValue()[0]);
            }
        }
        Integer status = null;
        Integer statusClass = null;
        String statusText = values.get("status");
        if (statusText != null) {
            if (statusText.matches("[1-5]xx")) {
                statusClass = statusText.charAt(0) - '0';
            } else if (statusText.matches("0|[1-5][0-9][0-9]")) {
                status = Integer.parseInt(statusText);
            } else {
                errors.add(new FieldError("status", "must be an HTTP status such as 503, a class such as 5xx, or 0"
                        + " (no response), got '" + statusText + "'"));
            }
        }
        String type = values.get("type");
        if (type != null && (type.isEmpty() || (type.contains("*") && !type.matches("[^*]+\\.\\*")))) {
            errors.add(new FieldError("type", "must be an exact event type or prefix.* (such as invoice.*), got '"
                    + type + "'"));
        }
        Instant from = instant(values.get("from"), "from", errors);
        Instant to = instant(values.get("to"), "to", errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new FieldError("to", "must be after from"));
        }
        int limit = limit(values.get("limit"), errors);
        LedgerQuery.Cursor cursor = cursor(values.get("cursor"), errors);
        String filter = filter(values.get("filter"), errors);
        String where = where(values.get("where"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid search", errors);
        }
        return new LedgerQuery(values.get("tenant"), values.get("subscription"), values.get("deliveryId"),
                values.get("eventId"), values.get("recordId"), values.get("table"), type, values.get("endpoint"),
                values.get("handlerType"), values.get("outcome"), status, statusClass, values.get("topic"),
                values.get("reasonCode"), from, to, filter, where, limit, cursor);
    }

    /** The opaque cursor of a position: its time in microseconds and its sequence number. */
    public static String cursor(LedgerQuery.Cursor cursor) {
        long micros = cursor.at().getEpochSecond() * 1_000_000L + cursor.at().getNano() / 1000;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + ":" + cursor.seq()).getBytes(StandardCharsets.UTF_8));
    }

    private static LedgerQuery.Cursor cursor(String text, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split(":");
            long micros = Long.parseLong(parts[0]);
            return new LedgerQuery.Cursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1000), Long.parseLong(parts[1]));
        } catch (RuntimeException e) {
            errors.add(new FieldError("cursor", "is not a cursor this search returned"));
            return null;
        }
    }

    private static String filter(String text, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        JsonNode filter;
        try {
            filter = Json.parse(text);
        } catch (RuntimeException e) {
            errors.add(new FieldError("filter", "is " + e.getMessage()));
            return null;
        }
        List<FieldError> problems = FilterCompiler.check(filter, "filter");
        errors.addAll(problems);
        return problems.isEmpty() ? Json.write(filter) : null;
    }

    /**
     * A {@code where} as a subscription takes it, written back compact; {@code null} when absent or empty (an empty
     * {@code where} holds for every event, so it narrows nothing).
     */
    private static String where(String text, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        JsonNode where;
        try {
            where = Json.parse(text);
        } catch (RuntimeException e) {
            errors.add(new FieldError("where", "is " + e.getMessage()));
            return null;
        }
        List<FieldError> problems = WhereCompiler.check(where, "where");
        if (where.isNull()) {
            problems = List.of(new FieldError("where", "must be an object of conditions such as"
                    + " {\"new.amount\": {\"$gt\": 1000}}"));
        }
        errors.addAll(problems);
        return problems.isEmpty() && !where.isEmpty() ? Json.write(where) : null;
    }

    private static int maxLength(String name) {
        return name.equals("filter") || name.equals("where") ? MAX_FILTER_LENGTH : MAX_VALUE_LENGTH;
    }

    private static Instant instant(String text, String name, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an ISO-8601 time such as 2024-01-15T10:30:00Z, got '" + text
                    + "'"));
            return null;
        }
    }

    private static int limit(String text, List<FieldError> errors) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("limit", "must be 1 to " + MAX_LIMIT + ", got '" + text + "'"));
        return DEFAULT_LIMIT;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
