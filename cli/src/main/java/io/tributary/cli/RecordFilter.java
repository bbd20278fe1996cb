package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.Delivery;
import io.tributary.model.EventEnvelope;
import io.tributary.model.InvalidInputException;
import io.tributary.model.Json;
import io.tributary.model.filter.Where;
import io.tributary.model.filter.WhereCompiler;
import java.nio.charset.StandardCharsets;

/**
 * {@code --where}: the subscription language's {@code where} over the event a record holds, an envelope
 * ({@code tributary.events}) or a delivery's event (handler and dead-letter topics). A record that holds neither
 * does not match.
 */
final class RecordFilter {

    private final Where where;

    private RecordFilter(Where where) {
        this.where = where;
    }

    static RecordFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return new RecordFilter(Where.ALWAYS);
        }
        JsonNode json;
        try {
            json = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--where is not JSON: " + e.getMessage());
        }
        try {
            return new RecordFilter(WhereCompiler.compile(json));
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException("--where: " + e.getMessage());
        }
    }

    boolean matches(byte[] value) {
        if (where == Where.ALWAYS) {
            return true;
        }
        EventEnvelope event = event(value);
        return event != null && where.test(event);
    }

    static EventEnvelope event(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode json = Json.parse(new String(value, StandardCharsets.UTF_8));
            if (json.has("deliveryId")) {
                return Delivery.fromJson(json).event();
            }
            return EventEnvelope.fromJson(json);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
