package io.tributary.capture.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.EventEnvelope;
import java.util.Map;

/**
 * Turns an insert into {@code tributary_outbox} (see {@code db/tributary_outbox.sql}) into the application event
 * it carries: type {@code event_type}, id {@code idempotency_key}, data {@code payload}, and the tenant,
 * correlation, causation and depth the application gave, so loop guards keep working across services.
 * Updates and deletes of outbox rows are not events. Stateless and thread-safe.
 */
public final class OutboxEvents {

    /** The outbox table's name. */
    public static final String TABLE = "tributary_outbox";

    private OutboxEvents() {
    }

    /** The event an outbox row carries. */
    static EventEnvelope fromRow(JsonNode row, String commitTime) {
        return new EventEnvelope(
                row.get("idempotency_key").asText(),
                text(row, "source") != null ? text(row, "source") : "/services/outbox",
                row.get("event_type").asText(),
                commitTime,
                text(row, "subject"),
                "application/json",
                text(row, "tenant"),
                text(row, "correlation_id"),
                text(row, "causation_id"),
                row.path("depth").asInt(0),
                row.get("payload"),
                Map.of());
    }

    private static String text(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null || value.isNull() ? null : value.asText();
    }
}
