package io.tributary.console.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.EventEnvelope;
import io.tributary.model.FieldError;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.Operation;
import io.tributary.model.filter.Filter;
import io.tributary.model.filter.FilterCompiler;
import io.tributary.model.filter.Where;
import io.tributary.model.filter.WhereCompiler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Runs a subscription's {@code filter} and {@code where} against one event, before they are saved: the event matches
 * when its filter subject contains the filter ({@code @>}) and the where holds, decided by the model's own compilers
 * ({@link FilterCompiler}, {@link WhereCompiler}), as the router's {@code SubscriptionMatcher} and
 * {@code tributary filters test} decide it. When it does not match, the entries of the filter and of the where that
 * fail on their own are named: both are conjunctions of their top-level entries (containment of an object is the
 * containment of each of its entries; a where's entries must all hold), so each entry is compiled alone by the same
 * compilers and tried. The tenant, type and table selection is not part of the test. Stateless and thread-safe.
 */
public final class FilterTester {

    /** A top-level entry of the filter or the where that the event fails, with its path and why. */
    public record Failed(String path, String reason) {
    }

    /** Whether the event matched, and what failed when it did not. */
    public record Result(boolean match, List<Failed> failed) {

        /** {@code {"match": bool, "failed": [{"path", "reason"}...]}}, as {@code POST /v1/filters/test} answers. */
        public ObjectNode toJson() {
            ObjectNode json = Json.mapper().createObjectNode();
            json.put("match", match);
            var list = json.putArray("failed");
            failed.forEach(f -> list.addObject().put("path", f.path()).put("reason", f.reason()));
            return json;
        }
    }

    private FilterTester() {
    }

    /**
     * Tests the event against the filter and the where (each {@code null} when not given).
     *
     * @throws InvalidInputException with every problem of the filter ({@code filter...}), the where ({@code where...})
     *                               and the event ({@code event...}), each on its path
     */
    public static Result test(JsonNode filter, JsonNode where, JsonNode event) {
        List<FieldError> errors = new ArrayList<>();
        if (filter != null && !filter.isNull()) {
            errors.addAll(FilterCompiler.check(filter, "filter"));
        }
        if (where != null && !where.isNull()) {
            errors.addAll(WhereCompiler.check(where, "where"));
        }
        EventEnvelope envelope = null;
        if (event == null || event.isNull()) {
            errors.add(new FieldError("event", "is required: an event (a CloudEvent JSON object) to test against"));
        } else {
            try {
                envelope = EventEnvelope.fromJson(event);
            } catch (InvalidInputException e) {
                e.errors().forEach(error -> errors.add(new FieldError(error.path().isEmpty() ? "event"
                        : "event." + error.path(), error.reason())));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid filter test", errors);
        }
        return test(FilterCompiler.compile(filter), filter, WhereCompiler.compile(where), where, envelope);
    }

    private static Result test(Filter compiledFilter, JsonNode filter, Where compiledWhere, JsonNode where,
            EventEnvelope event) {
        JsonNode subject = event.filterSubject();
        boolean filterHolds = compiledFilter.test(subject);
        boolean whereHolds = compiledWhere == Where.ALWAYS || compiledWhere.test(event);
        List<Failed> failed = new ArrayList<>();
        if (!filterHolds) {
            String name = subjectName(event);
            for (Iterator<Map.Entry<String, JsonNode>> it = filter.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                ObjectNode alone = Json.mapper().createObjectNode().set(entry.getKey(), entry.getValue());
                if (!FilterCompiler.compile(alone).test(subject)) {
                    failed.add(new Failed("filter." + entry.getKey(), subject == null ? "the event has no " + name
                            : "the event's " + name + " does not contain " + Json.write(alone)));
                }
            }
            if (failed.isEmpty()) {
                failed.add(new Failed("filter", "the event's " + name + " does not contain the filter"));
            }
        }
        if (!whereHolds) {
            int before = failed.size();
            for (Iterator<Map.Entry<String, JsonNode>> it = where.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                ObjectNode alone = Json.mapper().createObjectNode().set(entry.getKey(), entry.getValue());
                if (!WhereCompiler.compile(alone).test(event)) {
                    failed.add(new Failed("where." + entry.getKey(), Json.write(alone) + " does not hold for the"
                            + " event"));
                }
            }
            if (failed.size() == before) {
                failed.add(new Failed("where", "does not hold for the event"));
            }
        }
        return new Result(filterHolds && whereHolds, List.copyOf(failed));
    }

    /** What the filter is tested against: {@code data.new} of a row change, {@code data.old} of a DELETE, else data. */
    static String subjectName(EventEnvelope event) {
        Operation operation = event.operation();
        return operation == null ? "data" : operation == Operation.DELETE ? "data.old" : "data.new";
    }
}
