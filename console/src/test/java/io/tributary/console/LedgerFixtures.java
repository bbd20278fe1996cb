package io.tributary.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.Json;
import java.time.Instant;

/** Records as Tributary's services write them: events, deliveries, attempts (as the webhook dispatcher's AttemptLog). */
final class LedgerFixtures {

    private LedgerFixtures() {
    }

    /** A row change of {@code table}: its filter subject is {@code new}, or {@code old} for a DELETE. */
    static ObjectNode rowChange(String id, String tenant, String table, String operation, String recordId,
            JsonNode newRow, JsonNode oldRow, Instant time) {
        ObjectNode data = Json.mapper().createObjectNode();
        data.put("table", table).put("schema", "public").put("operation", operation).put("recordId", recordId);
        data.set("new", newRow);
        data.set("old", oldRow);
        return envelope(id, tenant, table + "." + operation.toLowerCase(java.util.Locale.ROOT),
                "/postgres/app/public/" + table, recordId, data, time);
    }

    /** An application event: its filter subject is its whole data. */
    static ObjectNode applicationEvent(String id, String tenant, String type, JsonNode data, Instant time) {
        return envelope(id, tenant, type, "/services/billing", id, data, time);
    }

    static ObjectNode envelope(String id, String tenant, String type, String source, String subject, JsonNode data,
            Instant time) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("specversion", "1.0").put("id", id).put("source", source).put("type", type)
                .put("time", time.toString()).put("subject", subject).put("datacontenttype", "application/json")
                .put("tenant", tenant).put("depth", 0);
        event.set("data", data);
        return event;
    }

    static ObjectNode delivery(ObjectNode event, String subscriptionId, String tenant, String url) {
        ObjectNode delivery = Json.mapper().createObjectNode();
        delivery.put("deliveryId", event.get("id").asText() + ":" + subscriptionId);
        ObjectNode subscription = delivery.putObject("subscription");
        subscription.put("id", subscriptionId).put("name", "notify-" + subscriptionId).put("tenant", tenant)
                .put("type", "WEBHOOK");
        subscription.putObject("config").put("url", url).put("secret", "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0IQ==");
        delivery.set("event", event);
        return delivery;
    }

    static ObjectNode attempt(ObjectNode delivery, int attempt, String outcome, int status, long latencyMs,
            Instant at) {
        ObjectNode json = Json.mapper().createObjectNode();
        JsonNode event = delivery.get("event");
        json.put("deliveryId", delivery.get("deliveryId").asText())
                .put("subscriptionId", delivery.get("subscription").get("id").asText())
                .put("subscriptionName", delivery.get("subscription").get("name").asText())
                .put("tenant", event.path("tenant").asText(null))
                .put("eventId", event.get("id").asText())
                .put("eventType", event.get("type").asText())
                .put("table", event.path("data").path("table").asText(null))
                .put("recordId", event.path("data").path("recordId").asText(null))
                .put("endpointHost", java.net.URI.create(delivery.get("subscription").get("config").get("url")
                        .asText()).getHost())
                .put("attempt", attempt).put("outcome", outcome).put("httpStatus", status)
                .put("latencyMs", latencyMs).put("error", (String) null).put("responseBody", "ok")
                .put("at", at.toString());
        return json;
    }
}
