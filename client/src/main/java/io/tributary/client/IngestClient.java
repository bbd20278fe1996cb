package io.tributary.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tributary.model.EventEnvelope;
import io.tributary.model.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A typed client of the ingestion API ({@code POST /v1/events}) for services that cannot write to Kafka. An
 * answer means Kafka acknowledged every event; a refusal is a {@link TributaryApiException} with the field paths
 * ({@code [1].type}) and reasons, status 429 when the tenant is over its rate. Thread-safe.
 */
public final class IngestClient {

    private final ApiHttp http;

    /**
     * @param captureUrl the capture-service's base URL, such as {@code http://localhost:8081}
     * @param apiKey     a tenant key (events get its tenant) or an admin key
     */
    public IngestClient(String captureUrl, String apiKey) {
        this.http = new ApiHttp("ingestion API", captureUrl, apiKey);
    }

    /** Publishes the events in one request; returns their ids as accepted. */
    public List<String> publish(List<EventEnvelope> events) {
        ArrayNode batch = Json.mapper().createArrayNode();
        events.forEach(event -> batch.add(event.toJson()));
        JsonNode answer = http.send("POST", "v1/events", batch);
        List<String> ids = new ArrayList<>();
        answer.path("ids").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** Publishes one event; returns its id as accepted. Refusals name fields without a batch index. */
    public String publish(EventEnvelope event) {
        JsonNode answer = http.send("POST", "v1/events", event.toJson());
        return answer.path("ids").path(0).asText();
    }
}
