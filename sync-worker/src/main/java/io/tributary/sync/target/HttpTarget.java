package io.tributary.sync.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.handler.DeliveryFailure;
import io.tributary.handler.HttpOutcomes;
import io.tributary.model.Json;
import io.tributary.sync.config.SyncProperties;
import io.tributary.sync.pg.CapturedValues;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Creates, updates and deletes through a REST resource: {@code POST} creates and answers the external id (read
 * at {@code id-pointer}, a JSON pointer), {@code PUT} updates and {@code DELETE} deletes the resource the external
 * id names. 408, 429 and 5xx, timeouts and connection errors are retried ({@code Retry-After} honoured), as
 * {@link HttpOutcomes} classifies every handler's answers; any other status is permanent; a 404 or 410 on delete
 * means it is gone already. Bodies carry the fields' JSON values exactly as they were captured, numbers with every
 * digit and their scale ({@code 0.0000000100}).
 */
public final class HttpTarget implements SyncTarget {

    private final SyncProperties.Http config;
    private final HttpClient http;

    public HttpTarget(SyncProperties.Http config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    @Override
    public String upsert(String externalId, ObjectNode fields) {
        if (externalId == null) {
            HttpResponse<String> response = send("POST", config.createPath(), null, fields);
            JsonNode id = parse(response).at(config.idPointer());
            if (id.isMissingNode() || id.isNull() || id.asText().isEmpty()) {
                throw new DeliveryFailure.Permanent(response.statusCode(), "the create answer has no external id at "
                        + config.idPointer() + ": " + abbreviate(response.body()), null);
            }
            return id.asText();
        }
        send("PUT", config.updatePath(), externalId, fields);
        return externalId;
    }

    @Override
    public void delete(String externalId) {
        send("DELETE", config.deletePath(), externalId, null);
    }

    private HttpResponse<String> send(String method, String path, String externalId, ObjectNode body) {
        String resolved = externalId == null ? path
                : path.replace("{externalId}", URLEncoder.encode(externalId, StandardCharsets.UTF_8));
        URI uri = URI.create(config.baseUrl() + resolved);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.timeout())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(CapturedValues.write(body)));
        config.headers().forEach(request::header);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeliveryFailure.Retryable(0, method + " " + uri + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure.Retryable(0, "interrupted during " + method + " " + uri);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300 || method.equals("DELETE") && (status == 404 || status == 410)) {
            return response;
        }
        String what = method + " " + uri + ": HTTP " + status + " " + abbreviate(response.body());
        if (HttpOutcomes.ofAttempt(status, false) == HttpOutcomes.HttpStatusClass.RETRYABLE) {
            Duration retryAfter = HttpOutcomes.retryAfter(response.headers().firstValue("Retry-After").orElse(null),
                    Instant.now());
            throw new DeliveryFailure.Retryable(status, what, retryAfter);
        }
        throw new DeliveryFailure.Permanent(status, what, null);
    }

    private static JsonNode parse(HttpResponse<String> response) {
        try {
            return Json.parse(response.body());
        } catch (RuntimeException e) {
            throw new DeliveryFailure.Permanent(response.statusCode(), "the create answer is not JSON: "
                    + abbreviate(response.body()), e);
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
