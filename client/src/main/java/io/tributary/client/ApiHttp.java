package io.tributary.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.model.FieldError;
import io.tributary.model.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * JSON over HTTP with an API key, as every Tributary API speaks it: refusals become {@link TributaryApiException}
 * with the API's error and field problems; an unreachable API is a status-0 exception naming the URL. Thread-safe.
 */
final class ApiHttp {

    private final String apiName;
    private final URI base;
    private final String apiKey;
    private final HttpClient http;

    ApiHttp(String apiName, String baseUrl, String apiKey) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        this.apiName = apiName;
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Sends a request; returns the JSON answer, {@code null} for an empty one. */
    JsonNode send(String method, String path, JsonNode body) {
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
            throw new TributaryApiException("cannot reach the " + apiName + " at " + base + ": " + reason, e);
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
