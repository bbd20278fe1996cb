package io.tributary.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A typed client of the subscriptions admin API ({@code /v1/subscriptions}). Subscriptions travel as their JSON
 * (what the API and the topic hold); refusals become {@link TributaryApiException} with the field paths and
 * reasons. Thread-safe; one instance per API URL and key.
 */
public final class SubscriptionsClient {

    private final URI base;
    private final String apiKey;
    private final HttpClient http;

    /**
     * @param adminUrl the router-service's base URL, such as {@code http://localhost:8082}
     * @param apiKey   an admin key or a tenant key
     */
    public SubscriptionsClient(String adminUrl, String apiKey) {
        Objects.requireNonNull(adminUrl, "adminUrl");
        this.base = URI.create(adminUrl.endsWith("/") ? adminUrl : adminUrl + "/");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
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
        URI uri = base.resolve(path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            String reason = e instanceof java.net.ConnectException ? "connection refused"
                    : e instanceof java.net.http.HttpTimeoutException ? "timed out"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new TributaryApiException("cannot reach the admin API at " + base + ": " + reason, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TributaryApiException("interrupted while calling " + uri, e);
        }
        JsonNode json = response.body().isBlank() ? null : parseOrNull(response.body());
        if (response.statusCode() >= 400) {
            throw refusal(response.statusCode(), json, response.body());
        }
        return json;
    }

    private static JsonNode parseOrNull(String body) {
        try {
            return Json.parse(body);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static TributaryApiException refusal(int status, JsonNode json, String raw) {
        if (json == null || !json.has("error")) {
            return new TributaryApiException(status, raw.isBlank() ? "HTTP " + status : raw.strip(), List.of());
        }
        List<FieldError> details = new ArrayList<>();
        JsonNode list = json.get("details");
        if (list != null && list.isArray()) {
            list.forEach(d -> details.add(new FieldError(d.path("path").asText(""), d.path("reason").asText(""))));
        }
        return new TributaryApiException(status, json.get("error").asText(), details);
    }
}
