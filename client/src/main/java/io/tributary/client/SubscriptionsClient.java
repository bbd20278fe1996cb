package io.tributary.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A typed client of the subscriptions admin API ({@code /v1/subscriptions}). Subscriptions travel as their JSON
 * (what the API and the topic hold); refusals become {@link TributaryApiException} with the field paths and
 * reasons. Thread-safe; one instance per API URL and key.
 */
public final class SubscriptionsClient {

    private final ApiHttp http;

    /**
     * @param adminUrl the router-service's base URL, such as {@code http://localhost:8082}
     * @param apiKey   an admin key or a tenant key
     */
    public SubscriptionsClient(String adminUrl, String apiKey) {
        this.http = new ApiHttp("admin API", adminUrl, apiKey);
    }

    /** Creates a subscription; returns it as stored, with its id and masked secrets. */
    public ObjectNode create(JsonNode subscription) {
        return (ObjectNode) send("POST", "v1/subscriptions", subscription);
    }

    public ObjectNode get(String id) {
        return (ObjectNode) send("GET", path(id), null);
    }

    /** Replaces a subscription. */
    public ObjectNode update(String id, JsonNode subscription) {
        return (ObjectNode) send("PUT", path(id), subscription);
    }

    public void delete(String id) {
        send("DELETE", path(id), null);
    }

    public ObjectNode pause(String id) {
        return (ObjectNode) send("POST", path(id) + "/pause", null);
    }

    public ObjectNode resume(String id) {
        return (ObjectNode) send("POST", path(id) + "/resume", null);
    }

    /** Every subscription the key may see, following the pages. */
    public List<ObjectNode> list() {
        List<ObjectNode> all = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = send("GET", "v1/subscriptions?limit=500"
                    + (after == null ? "" : "&after=" + encode(after)), null);
            page.get("items").forEach(item -> all.add((ObjectNode) item));
            JsonNode next = page.get("next");
            after = next == null || next.isNull() ? null : next.asText();
        } while (after != null);
        return all;
    }

    private static String path(String id) {
        return "v1/subscriptions/" + encode(id);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, JsonNode body) {
        return http.send(method, path, body);
    }
}
