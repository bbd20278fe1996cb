package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.EventEnvelope;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.filter.Filter;
import io.tributary.model.filter.FilterCompiler;
import io.tributary.model.filter.Where;
import io.tributary.model.filter.WhereCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Answers one line of a {@code tributary filters test} file: {@code {"filter": F, "row": R}} asks whether
 * {@code R @> F}; {@code {"filter": F, "where": W, "event": E}} asks whether a subscription with this filter
 * and where matches event E (filter and where may each be left out). The answer is the JSON line
 * {@code {"match": true}}, {@code {"match": false}} or {@code {"error": "<path>: <reason>"}}.
 * The same compilers the router uses decide, so an answer here is the answer in production.
 */
final class FilterCases {

    private static final Set<String> ROW_CASE = Set.of("filter", "row");
    private static final Set<String> EVENT_CASE = Set.of("filter", "where", "event");

    private FilterCases() {
    }

    static String answer(String line) {
        try {
            return Json.write(Json.mapper().createObjectNode().put("match", evaluate(line)));
        } catch (InvalidInputException e) {
            return error(e.errors().stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        }
    }

    private static boolean evaluate(String line) {
        JsonNode testCase = Json.parse(line);
        if (!testCase.isObject()) {
            throw new IllegalArgumentException("a case must be a JSON object with filter and row, or event");
        }
        List<FieldError> errors = new ArrayList<>();
        boolean rowCase = testCase.has("row");
        Set<String> allowed = rowCase ? ROW_CASE : EVENT_CASE;
        testCase.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                errors.add(new FieldError(field, rowCase
                        ? "unknown field in a row case; it takes filter and row"
                        : "unknown field in an event case; it takes filter, where and event"));
            }
        });
        if (!rowCase && !testCase.has("event")) {
            errors.add(new FieldError("", "a case needs row (with filter) or event"));
        }
        if (rowCase && !testCase.has("filter")) {
            errors.add(new FieldError("filter", "is required with row"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid case", errors);
        }
        Filter filter = FilterCompiler.compile(testCase.get("filter"));
        if (rowCase) {
            return filter.test(testCase.get("row"));
        }
        Where where = WhereCompiler.compile(testCase.get("where"));
        EventEnvelope event;
        try {
            event = EventEnvelope.fromJson(testCase.get("event"));
        } catch (InvalidInputException e) {
            throw new InvalidInputException("invalid event", e.errors().stream()
                    .map(error -> new FieldError(error.path().isEmpty() ? "event" : "event." + error.path(),
                            error.reason()))
                    .toList());
        }
        return filter.test(event.filterSubject()) && where.test(event);
    }

    private static String error(String message) {
        return Json.write(Json.mapper().createObjectNode().put("error", message));
    }
}
